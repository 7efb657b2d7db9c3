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
