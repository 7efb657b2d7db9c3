package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Result caching, as the seed did it: evaluation results cached in a concurrent map keyed by flag
 * and context, in front of the engine, against evaluating directly. The cache is warm (every user
 * already cached after the first lap) and never invalidated, which flatters it: a real one must
 * also be cleared on every reload.
 */
@State(Scope.Thread)
public class CacheBench extends Bench {

    /** The cache key: flag and context, compared by value like the seed's. */
    record Key(String flag, EvaluationContext context) {}

    private FlagManager flags;
    private final Map<Key, Object> cache = new ConcurrentHashMap<>();
    private EvaluationContext[] users;
    private int next;

    @Setup
    public void setUp() {
        flags = FlagManager.builder().definitions(Workloads.main()).watch(false).build();
        users = Users.flagsContexts();
    }

    @TearDown
    public void tearDown() {
        flags.close();
    }

    private EvaluationContext user() {
        return users[next++ & Users.MASK];
    }

    @Benchmark
    public boolean directW2() {
        return flags.getBoolean(Workloads.W2, false, user());
    }

    @Benchmark
    public boolean cachedW2() {
        return (Boolean) cache.computeIfAbsent(
                new Key(Workloads.W2, user()), k -> flags.getBoolean(k.flag(), false, k.context()));
    }

    @Benchmark
    public String directW3() {
        return flags.getString(Workloads.W3, "z", user());
    }

    @Benchmark
    public String cachedW3() {
        return (String)
                cache.computeIfAbsent(new Key(Workloads.W3, user()), k -> flags.getString(k.flag(), "z", k.context()));
    }
}
