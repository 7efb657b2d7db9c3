package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.definition.Serve;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExperimentWindowTests {

    private static final EvaluationContext QA = EvaluationContext.of("qa-1");

    private static FlagDefinition pricing() {
        return pricing(FlagDefinition.builder("pricing").target("discount", "qa-1"));
    }

    private static FlagDefinition pricing(FlagDefinition.Builder builder) {
        return builder.type(FlagType.STRING)
                .variant("standard", "S")
                .variant("discount", "D")
                .defaultVariant("discount")
                .fallthrough(Serve.split("standard", 1).and("discount", 1_000_000))
                .experiment(Experiment.of(
                        "standard",
                        Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2027-01-01T00:00:00Z"),
                        "purchase"))
                .build();
    }

    @Test
    void servesTheControlWithReasonDefaultBeforeTheExperimentStarts() {
        MutableClock clock = new MutableClock("2026-11-30T23:59:59.999Z");
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(pricing()))
                .clock(clock)
                .build()) {
            EvaluationDetails<String> details = flags.getStringDetails("pricing", "x", EvaluationContext.of("u1"));
            assertThat(details.value()).isEqualTo("S");
            assertThat(details.variant()).isEqualTo("standard");
            assertThat(details.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(details.detail())
                    .isEqualTo("experiment has not started (starts 2026-12-01T00:00:00Z); serving the control variant");
            assertThat(flags.getVariant("pricing", QA))
                    .as("individual targets wait for the experiment too")
                    .isEqualTo("standard");
        }
    }

    @Test
    void evaluatesNormallyInsideTheWindowAndServesTheControlFromItsEnd() {
        MutableClock clock = new MutableClock("2026-12-01T00:00:00Z");
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(pricing()))
                .clock(clock)
                .build()) {
            EvaluationDetails<String> inside = flags.getStringDetails("pricing", "x", EvaluationContext.of("u1"));
            assertThat(inside.variant()).isEqualTo("discount");
            assertThat(inside.reason()).isEqualTo(Reason.SPLIT);
            assertThat(inside.detail()).isNull();
            assertThat(flags.evaluate("pricing", QA).reason()).isEqualTo(Reason.TARGETING_MATCH);

            clock.set("2027-01-01T00:00:00Z");
            EvaluationDetails<String> ended = flags.getStringDetails("pricing", "x", EvaluationContext.of("u1"));
            assertThat(ended.variant()).isEqualTo("standard");
            assertThat(ended.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(ended.detail())
                    .isEqualTo("experiment ended (2027-01-01T00:00:00Z); serving the control variant");
        }
    }

    @Test
    void anExperimentWithoutTargetsStillChecksItsWindow() {
        // Without targets, prerequisites or environments the engine skips straight to the rules for
        // ordinary flags; an experiment flag must not, or it would assign outside its window.
        FlagDefinition withoutTargets = pricing(FlagDefinition.builder("pricing"));
        MutableClock clock = new MutableClock("2027-02-01T00:00:00Z");
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(withoutTargets))
                .clock(clock)
                .build()) {
            assertThat(flags.getString("pricing", "x", EvaluationContext.of("u1")))
                    .isEqualTo("S");
            assertThat(flags.getStringDetails("pricing", "x", EvaluationContext.of("u1"))
                            .reason())
                    .isEqualTo(Reason.DEFAULT);
        }
    }

    @Test
    void statusStillWinsOverTheWindow() {
        MutableClock clock = new MutableClock("2026-11-01T00:00:00Z");
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(pricing().withStatus(FlagStatus.EMERGENCY_OFF)))
                .clock(clock)
                .build()) {
            EvaluationDetails<String> details = flags.getStringDetails("pricing", "x", EvaluationContext.of("u1"));
            assertThat(details.reason()).isEqualTo(Reason.DISABLED);
            assertThat(details.value()).isEqualTo("x");
        }
    }
}
