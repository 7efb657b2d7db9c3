package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.lang.management.ManagementFactory;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The evaluation path allocates nothing for boolean and string flags given a prebuilt context.
 * This counts bytes (the JVM's per-thread allocation counter), not time; speed is measured with JMH
 * in flags-benchmarks.
 */
class AllocationTests {

    private static final int USERS = 1024;
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "GB", "ES", "IT", "PL"};

    private static final Definitions DEFINITIONS = Definitions.of(
            FlagDefinition.builder("simple").defaultVariant("on").build(),
            FlagDefinition.builder("targeted")
                    .defaultVariant("off")
                    .rule(Rule.of(
                            "eu",
                            Serve.split("on", 25).and("off", 75),
                            Condition.of("country", Operator.IN, "DE", "FR", "NL")))
                    .build(),
            FlagDefinition.builder("variants")
                    .type(FlagType.STRING)
                    .variant("a", "A")
                    .variant("b", "B")
                    .variant("c", "C")
                    .defaultVariant("a")
                    .fallthrough(Serve.split("a", 50).and("b", 25).and("c", 25))
                    .build());

    private static final EvaluationContext[] CONTEXTS = new EvaluationContext[USERS];

    static {
        for (int i = 0; i < USERS; i++) {
            CONTEXTS[i] = EvaluationContext.builder()
                    .targetingKey("user-" + i)
                    .attribute("country", COUNTRIES[i % 8])
                    .build();
        }
    }

    @Test
    void booleanFlagOnForEveryoneAllocatesNothing() {
        try (FlagManager flags = FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(bytesPerCall(i -> flags.getBoolean("simple", false, CONTEXTS[i]) ? 1 : 0))
                    .isZero();
        }
    }

    @Test
    void targetedRolloutAllocatesNothing() {
        try (FlagManager flags = FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(bytesPerCall(i -> flags.isEnabled("targeted", CONTEXTS[i]) ? 1 : 0))
                    .isZero();
        }
    }

    @Test
    void stringVariantsAllocateNothing() {
        try (FlagManager flags = FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(bytesPerCall(
                            i -> flags.getString("variants", "z", CONTEXTS[i]).length()))
                    .isZero();
        }
    }

    @Test
    void detailsAllocateNothingEither() {
        try (FlagManager flags = FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(bytesPerCall(i -> flags.getStringDetails("variants", "z", CONTEXTS[i])
                            .reason()
                            .ordinal()))
                    .isZero();
        }
    }

    @Test
    void hooksThatReadOnlyTheOutcomeAllocateNothing() {
        OutcomeCounter counter = new OutcomeCounter();
        try (FlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).hook(counter).build()) {
            assertThat(bytesPerCall(i -> flags.isEnabled("targeted", CONTEXTS[i]) ? 1 : 0))
                    .isZero();
            assertThat(bytesPerCall(
                            i -> flags.getString("variants", "z", CONTEXTS[i]).length()))
                    .isZero();
        }
        assertThat(counter.befores).isEqualTo(2 * 1_200_000L);
        assertThat(counter.afters)
                .as("every before was answered with its own data")
                .isEqualTo(counter.befores);
    }

    @Test
    void aHookThatReadsTheContextSeesTheCallersContextAndDefault() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        EvaluationHook reading = new EvaluationHook() {
            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                seen.add(evaluation.flagKey() + " " + evaluation.context().targetingKey() + " "
                        + evaluation.defaultValue());
            }
        };
        try (FlagManager flags = FlagManager.builder()
                .definitions(DEFINITIONS)
                .hook(new OutcomeCounter())
                .hook(reading)
                .build()) {
            flags.getString("variants", "z", CONTEXTS[7]);
        }
        assertThat(seen).containsExactly("variants user-7 z");
    }

    /** Counts evaluations, reading nothing but its own data: the shared hook context will do. */
    private static final class OutcomeCounter implements EvaluationHook {
        private static final Object STARTED = new Object();
        long befores;
        long afters;

        @Override
        public Interest interest(String flagKey) {
            return Interest.OUTCOME;
        }

        @Override
        public Object before(HookContext evaluation) {
            befores++;
            return STARTED;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            if (data == STARTED && evaluation.context() == EvaluationContext.EMPTY) {
                afters++;
            }
        }
    }

    private static long bytesPerCall(IntUnaryOperator call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += call.applyAsInt(i & (USERS - 1));
        }
        long calls = 1_000_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            sink += call.applyAsInt(i & (USERS - 1));
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(sink).isNotNegative();
        return allocated / calls;
    }
}
