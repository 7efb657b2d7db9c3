package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * This library: {@link FlagManager} called directly, on definitions read from YAML, with literal
 * keys at the call sites and contexts whose values are built at run time (the documented path).
 */
@State(Scope.Thread)
public class FlagsBench extends Bench {

    private FlagManager flags;
    private FlagManager bulk;
    private EvaluationContext[] users;
    private int next;

    @Setup
    public void setUp() {
        flags = FlagManager.builder().definitions(definitions()).watch(false).build();
        bulk = FlagManager.builder().definitions(bulkDefinitions()).watch(false).build();
        users = contexts();
        Distribution.check(
                getClass().getSimpleName(),
                i -> flags.getBoolean(Workloads.W2, false, users[i]),
                i -> flags.getString(Workloads.W3, "z", users[i]),
                i -> flags.getBoolean(Workloads.W4, false, users[i]));
    }

    Definitions definitions() {
        return Workloads.main();
    }

    Definitions bulkDefinitions() {
        return Workloads.bulk();
    }

    EvaluationContext[] contexts() {
        return Users.flagsContexts();
    }

    @TearDown
    public void tearDown() {
        flags.close();
        bulk.close();
    }

    private EvaluationContext user() {
        return users[next++ & Users.MASK];
    }

    @Benchmark
    public boolean w1Simple() {
        return flags.getBoolean(Workloads.W1, false, user());
    }

    @Benchmark
    public boolean w2Targeted() {
        return flags.getBoolean(Workloads.W2, false, user());
    }

    @Benchmark
    public String w3Variants() {
        return flags.getString(Workloads.W3, "z", user());
    }

    @Benchmark
    public boolean w4Heavy() {
        return flags.getBoolean(Workloads.W4, false, user());
    }

    @Benchmark
    public Map<String, EvaluationDetails<Object>> w5Bulk() {
        return bulk.evaluateAll(user());
    }
}
