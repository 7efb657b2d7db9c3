package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Scale: W2 evaluated in a snapshot of
 * 10,000 flags (10 rules each) compared with one of 10. Loading is {@link LoadBench}.
 */
@State(Scope.Thread)
public class ScaleBench extends Bench {

    static final int LARGE = 10_000;
    static final int RULES = 10;

    @Param({"10", "10000"})
    public int flagCount;

    private FlagManager flags;
    private EvaluationContext[] users;
    private int next;

    /**
     * W2 plus {@code count - 1} flags of 10 rules each, mixing the usual operators and serves: what
     * a large installation looks like to the compiler and the key lookup.
     */
    static Definitions definitions(int count) {
        List<FlagDefinition> flags = new ArrayList<>(count);
        flags.add(java.util.Objects.requireNonNull(Workloads.main().flag(Workloads.W2)));
        for (int f = 1; f < count; f++) {
            FlagDefinition.Builder flag = FlagDefinition.builder(String.format("scale-%05d", f))
                    .type(FlagType.STRING)
                    .variant("control", "control")
                    .variant("treatment", "treatment")
                    .defaultVariant("control")
                    .description("generated flag " + f)
                    .owner("team-" + (f % 20));
            for (int r = 0; r < RULES; r++) {
                Condition condition = switch (r % 5) {
                    case 0 -> Condition.of("country", Operator.IN, "DE", "FR", "X" + f);
                    case 1 -> Condition.of("plan", Operator.EQUALS, "plan-" + (f % 7));
                    case 2 -> Condition.of("age", Operator.GREATER_THAN, 18 + r);
                    case 3 -> Condition.of("email", Operator.ENDS_WITH, "@example-" + f + ".com");
                    default -> Condition.of("version", Operator.SEMVER_GREATER_THAN, "1." + r + ".0");
                };
                Serve serve = r % 2 == 0
                        ? Serve.variant("treatment")
                        : Serve.split("treatment", 10 + r).and("control", 90 - r);
                flag.rule(Rule.of("rule-" + r, serve, condition));
            }
            flags.add(flag.build());
        }
        return new Definitions(flags, List.of());
    }

    @Setup
    public void setUp() {
        flags = FlagManager.builder()
                .definitions(definitions(flagCount))
                .watch(false)
                .build();
        users = Users.flagsContexts();
    }

    @TearDown
    public void tearDown() {
        flags.close();
    }

    /** W2 in a snapshot of {@link #flagCount} flags. */
    @Benchmark
    public boolean w2Targeted() {
        return flags.getBoolean(Workloads.W2, false, users[next++ & Users.MASK]);
    }
}
