package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reload: W2 while a background thread replaces the snapshot {@link #reloadsPerSecond} times a
 * second through {@link InMemoryFlagSource#update}, compared with no reloads. The source holds W1–W4
 * and the 50 flags of W5, and every update changes one flag, so each reload validates, compiles and
 * publishes a new snapshot of 56 flags.
 */
@State(Scope.Thread)
public class ReloadBench extends Bench {

    @Param({"0", "10"})
    public int reloadsPerSecond;

    private FlagManager flags;
    private ScheduledExecutorService reloader;
    private final AtomicLong reloads = new AtomicLong();
    private EvaluationContext[] users;
    private int next;

    @Setup
    public void setUp() {
        Definitions base = Workloads.main();
        for (var flag : Workloads.bulk().flags()) {
            base = base.withFlag(flag);
        }
        Definitions a = base;
        Definitions b = base.withFlag(Workloads.simple(Workloads.W1).toBuilder()
                .description("changed")
                .build());
        InMemoryFlagSource source = FlagSources.inMemory("reload", a);
        flags = FlagManager.builder().source(source).build();
        users = Users.flagsContexts();
        if (reloadsPerSecond > 0) {
            reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "reloader");
                t.setDaemon(true);
                return t;
            });
            long period = 1_000_000 / reloadsPerSecond;
            reloader.scheduleAtFixedRate(
                    () -> source.update(reloads.getAndIncrement() % 2 == 0 ? b : a),
                    period,
                    period,
                    TimeUnit.MICROSECONDS);
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        if (reloader != null) {
            reloader.shutdownNow();
            reloader.awaitTermination(5, TimeUnit.SECONDS);
            System.out.println("reloads applied: " + reloads.get());
        }
        flags.close();
    }

    @Benchmark
    public boolean w2Targeted() {
        return flags.getBoolean(Workloads.W2, false, users[next++ & Users.MASK]);
    }
}
