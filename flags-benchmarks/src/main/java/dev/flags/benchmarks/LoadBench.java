package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading 10,000 flags with 10 rules each: validating and compiling the definitions model into a
 * snapshot, as every build and reload does. The heap it retains is measured by {@link Checks}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LoadBench extends Bench {

    private Definitions definitions;

    @Setup
    public void setUp() {
        definitions = ScaleBench.definitions(ScaleBench.LARGE);
    }

    @Benchmark
    public FlagManager loadAndCompile10k() {
        FlagManager manager =
                FlagManager.builder().definitions(definitions).watch(false).build();
        manager.close();
        return manager;
    }
}
