package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyContextTests {

    private static final Definitions DEFINITIONS = Definitions.of(
            FlagDefinition.builder("simple").defaultVariant("on").build(),
            FlagDefinition.builder("targeted")
                    .defaultVariant("off")
                    .rule(Rule.of("de", Serve.variant("on"), Condition.of("country", Operator.EQUALS, "DE")))
                    .build(),
            FlagDefinition.builder("needs-targeted")
                    .defaultVariant("on")
                    .prerequisite(Prerequisite.of("targeted", "on"))
                    .build());

    private static final EvaluationContext GERMAN = EvaluationContext.builder()
            .targetingKey("u")
            .attribute("country", "DE")
            .build();

    @Test
    void servesAFlagWithoutTargetingWithoutBuildingTheContext() {
        AtomicInteger built = new AtomicInteger();
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.BOOLEAN, false, () -> {
                built.incrementAndGet();
                return GERMAN;
            });
            assertThat(details.value()).isEqualTo(true);
            assertThat(details.reason()).isEqualTo(Reason.STATIC);
            assertThat(built).hasValue(0);
        }
    }

    @Test
    void buildsTheContextForAFlagThatReadsItDirectlyOrThroughAPrerequisite() {
        AtomicInteger built = new AtomicInteger();
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(flags.evaluate("targeted", FlagType.BOOLEAN, false, () -> {
                                built.incrementAndGet();
                                return GERMAN;
                            })
                            .value())
                    .isEqualTo(true);
            assertThat(flags.evaluate("needs-targeted", FlagType.BOOLEAN, false, () -> {
                                built.incrementAndGet();
                                return GERMAN;
                            })
                            .value())
                    .isEqualTo(true);
            assertThat(built).hasValue(2);
        }
    }

    /** Records the context each evaluation showed it and how often its interest was asked. */
    private static final class Recording implements EvaluationHook {
        final Interest interest;
        final AtomicInteger asked = new AtomicInteger();
        final List<EvaluationContext> seen = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Recording(Interest interest) {
            this.interest = interest;
        }

        @Override
        public Interest interest(String flagKey) {
            asked.incrementAndGet();
            return interest;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, Object data) {
            seen.add(evaluation.context());
            values.add(details.value());
        }
    }

    @Test
    void aHookThatWantsOnlyTheOutcomeDoesNotMakeTheContextBeBuilt() {
        AtomicInteger built = new AtomicInteger();
        Recording outcome = new Recording(EvaluationHook.Interest.OUTCOME);
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).hook(outcome).build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.BOOLEAN, false, () -> {
                built.incrementAndGet();
                return GERMAN;
            });
            assertThat(details.value()).isEqualTo(true);
            assertThat(built)
                    .as("a flag without targeting, a hook without inputs")
                    .hasValue(0);
            assertThat(outcome.asked).as("asked once").hasValue(1);
            assertThat(outcome.seen).containsExactly(EvaluationContext.EMPTY);
            assertThat(outcome.values).containsExactly(true);
        }
    }

    @Test
    void aHookThatWantsTheInputsGetsTheContextBuiltOnce() {
        AtomicInteger built = new AtomicInteger();
        Recording outcome = new Recording(EvaluationHook.Interest.OUTCOME);
        Recording inputs = new Recording(EvaluationHook.Interest.INPUTS);
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(DEFINITIONS)
                .hook(outcome)
                .hook(inputs)
                .build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.BOOLEAN, false, () -> {
                built.incrementAndGet();
                return GERMAN;
            });
            assertThat(details.value()).isEqualTo(true);
            assertThat(built).hasValue(1);
            assertThat(inputs.asked).hasValue(1);
            assertThat(outcome.asked).hasValue(1);
            assertThat(inputs.seen).containsExactly(GERMAN);
            assertThat(outcome.seen).as("the hooks share one evaluation").containsExactly(GERMAN);
        }
    }

    @Test
    void reportsAContextThatCannotBeBuiltAsInvalidContext() {
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            EvaluationDetails<Object> details = flags.evaluate("targeted", FlagType.BOOLEAN, false, () -> {
                throw new IllegalStateException("broken");
            });
            assertThat(details.value()).isEqualTo(false);
            assertThat(details.errorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
        }
    }

    @Test
    void checksTheTypeLikeTheTypedGetters() {
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.STRING, "x", () -> GERMAN);
            assertThat(details.value()).isEqualTo("x");
            assertThat(details.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        }
    }
}
