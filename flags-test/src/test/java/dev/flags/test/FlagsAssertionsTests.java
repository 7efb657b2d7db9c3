package dev.flags.test;

import static dev.flags.test.FlagsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagKey;
import dev.flags.FlagManager;
import dev.flags.Reason;
import dev.flags.definition.DefinitionsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FlagsExtension.class)
class FlagsAssertionsTests {

    private final FlagManager engine = FlagManager.builder()
            .definitions(DefinitionsReader.read(
                    "test-flags.yml", FlagsAssertionsTests.class.getResourceAsStream("/test-flags.yml")))
            .watch(false)
            .build();

    private final FlagManager flags = TestFlags.wrap(engine);

    @Test
    void assertsWhatWasEvaluatedAndServed() {
        flags.getString("pricing", "?", EvaluationContext.of("u1"));
        flags.isEnabled("checkout");
        TestFlags.variant("banner", "sale");
        flags.getString("banner", "");

        assertThat(flags).evaluated("pricing").times(1).forTargetingKey("u1").withReason(Reason.SPLIT);
        assertThat(flags)
                .evaluated(FlagKey.ofBoolean("checkout"))
                .withVariant("off")
                .withValue(false);
        assertThat(flags)
                .evaluated("banner")
                .withVariant("sale")
                .withValue("Sale")
                .withReason(Reason.STATIC);
        assertThat(flags).notEvaluated("unknown").exposed("pricing").forTargetingKey("u1");
    }

    @Test
    void failuresSayWhatWasEvaluatedInstead() {
        TestFlags.variant("pricing", "standard");
        flags.getString("pricing", "?", EvaluationContext.of("u1"));
        flags.isEnabled("checkout");

        assertThatThrownBy(() -> assertThat(flags).evaluated("pricing").withVariant("discount"))
                .hasMessage("Expected flag 'pricing' to be evaluated with variant 'discount', but it was evaluated 1"
                        + " time(s) with: 'standard' (reason STATIC, value list) for 'u1'");
        assertThatThrownBy(() -> assertThat(flags).evaluated("banner"))
                .hasMessage(
                        "Expected flag 'banner' to be evaluated, but it was not; evaluated were [pricing, checkout]");
        assertThatThrownBy(() -> assertThat(flags).notEvaluated("checkout"))
                .hasMessage("Expected flag 'checkout' not to be evaluated, but it was evaluated 1 time(s): 'off'"
                        + " (reason STATIC, value false) for the empty context");
        assertThatThrownBy(() -> assertThat(flags).exposed("checkout"))
                .hasMessage("Expected flag 'checkout' to expose an experiment variant, but it is not an experiment in"
                        + " the definitions (evaluated 1 time(s))");
        assertThatThrownBy(() -> assertThat(flags).evaluated("pricing").forTargetingKey("u2"))
                .hasMessage("Expected flag 'pricing' to be evaluated for 'u2', but it was evaluated 1 time(s) for"
                        + " others: 'standard' (reason STATIC, value list) for 'u1'");
        assertThatThrownBy(() -> assertThat(flags).evaluated("pricing").times(2))
                .hasMessage("Expected flag 'pricing' to be evaluated 2 time(s), but it was evaluated 1 time(s):"
                        + " 'standard' (reason STATIC, value list) for 'u1'");
        assertThatThrownBy(() -> assertThat(engine).evaluated("pricing"))
                .hasMessageStartingWith("Expected a FlagManager wrapped by TestFlags, but got ");
    }

    @Test
    void eachTestStartsWithNoEvaluations() {
        assertThatThrownBy(() -> assertThat(flags).evaluated("pricing"))
                .hasMessage(
                        "Expected flag 'pricing' to be evaluated, but it was not; no flag was evaluated in this test"
                                + " (is FlagsExtension registered?)");
    }
}
