package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.tracing.FlagsTracingHook;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the tracing hook costs an evaluation outside a trace: W1 and W2 (definitions from
 * {@code workloads.yml}, contexts built at run time) on a manager without hooks, and on one with the
 * starter's {@link FlagsTracingHook} over a Micrometer tracer with no current span. Run with
 * {@code -prof gc}: both rows must allocate 0 B/op, as {@code flags.tracing.enabled=false} (no hook)
 * does. Inside a span the hook records one event and its tags per evaluation; that cost is the
 * tracer's and is not measured here.
 */
@State(Scope.Thread)
public class TracingBench extends Bench {

    private FlagManager withoutHook;
    private FlagManager outsideSpan;
    private EvaluationContext[] users;
    private int next;

    @Setup
    public void setUp() {
        withoutHook =
                FlagManager.builder().definitions(Workloads.main()).watch(false).build();
        outsideSpan = FlagManager.builder()
                .definitions(Workloads.main())
                .watch(false)
                .hook(new FlagsTracingHook(new SimpleTracer(), FlagsTracingHook.ENGINE_PROVIDER_NAME))
                .build();
        users = Users.flagsContexts();
    }

    @TearDown
    public void tearDown() {
        withoutHook.close();
        outsideSpan.close();
    }

    private EvaluationContext user() {
        return users[next++ & Users.MASK];
    }

    /** W1, no hook: the baseline, and what {@code flags.tracing.enabled=false} runs. */
    @Benchmark
    public boolean w1WithoutHook() {
        return withoutHook.getBoolean(Workloads.W1, false, user());
    }

    /** W1 with the tracing hook registered and no span current. */
    @Benchmark
    public boolean w1TracingHookOutsideSpan() {
        return outsideSpan.getBoolean(Workloads.W1, false, user());
    }

    /** W2 (targeted), no hook. */
    @Benchmark
    public boolean w2WithoutHook() {
        return withoutHook.getBoolean(Workloads.W2, false, user());
    }

    /** W2 with the tracing hook registered and no span current. */
    @Benchmark
    public boolean w2TracingHookOutsideSpan() {
        return outsideSpan.getBoolean(Workloads.W2, false, user());
    }
}
