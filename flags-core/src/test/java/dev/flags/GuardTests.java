package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GuardTests {

    private static final Definitions DEFINITIONS = Definitions.of(
            FlagDefinition.builder("payroll-export")
                    .tags("sensitive")
                    .defaultVariant("on")
                    .build(),
            FlagDefinition.builder("salary-band")
                    .type(FlagType.STRING)
                    .variant("a", "A")
                    .tags("hr", "sensitive")
                    .defaultVariant("a")
                    .build(),
            FlagDefinition.builder("dark-mode").tags("ui").defaultVariant("on").build());

    private static final EvaluationContext HR =
            EvaluationContext.builder().targetingKey("hana").group("hr").build();
    private static final EvaluationContext GUEST = EvaluationContext.of("gus");

    @Test
    void evaluatesSensitiveFlagsOnlyWhenTheGuardPermits() {
        List<String> consulted = new CopyOnWriteArrayList<>();
        try (FlagManager flags = FlagManager.builder()
                .definitions(DEFINITIONS)
                .guard("sensitive", (flag, context) -> {
                    consulted.add(flag.key());
                    return context.groups().contains("hr");
                })
                .build()) {
            assertThat(flags.isEnabled("payroll-export", HR)).isTrue();
            assertThat(flags.getString("salary-band", "none", HR)).isEqualTo("A");

            assertThat(flags.isEnabled("payroll-export", GUEST)).isFalse();
            assertThat(flags.getString("salary-band", "none", GUEST)).isEqualTo("none");
            EvaluationDetails<Boolean> refused = flags.getBooleanDetails("payroll-export", true, GUEST);
            assertThat(refused.value()).isTrue();
            assertThat(refused.reason()).isEqualTo(Reason.ERROR);
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(refused.errorMessage()).isEqualTo("not permitted to evaluate sensitive flag 'payroll-export'");
            assertThat(flags.evaluateAll(GUEST).get("payroll-export").errorCode())
                    .isEqualTo(ErrorCode.GENERAL);

            assertThat(flags.isEnabled("dark-mode", GUEST)).isTrue();
            assertThat(consulted).as("ordinary flags never consult the guard").doesNotContain("dark-mode");
        }
    }

    @Test
    void aGuardThatThrowsRefuses() {
        try (FlagManager flags = FlagManager.builder()
                .definitions(DEFINITIONS)
                .guard("sensitive", (flag, context) -> {
                    throw new IllegalStateException("no security context");
                })
                .build()) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("payroll-export", false, HR);
            assertThat(details.value()).isFalse();
            assertThat(details.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(flags.isEnabled("dark-mode", HR)).isTrue();
        }
    }

    @Test
    void withoutAGuardTaggedFlagsAreOrdinary() {
        try (FlagManager flags = FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(flags.isEnabled("payroll-export", GUEST)).isTrue();
        }
    }
}
