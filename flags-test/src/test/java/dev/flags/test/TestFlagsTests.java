package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@EnableFlag("from-class")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestFlagsTests {

    private final FlagManager engine = FlagManager.builder()
            .definitions(new Definitions(
                    java.util.List.of(
                            FlagDefinition.builder("checkout")
                                    .defaultVariant("off")
                                    .build(),
                            FlagDefinition.builder("from-class")
                                    .defaultVariant("off")
                                    .build(),
                            FlagDefinition.builder("pricing")
                                    .type(FlagType.STRING)
                                    .variant("standard", "list")
                                    .variant("discount", "ten-off")
                                    .defaultVariant("standard")
                                    .build()),
                    java.util.List.of()))
            .build();

    private final FlagManager flags = TestFlags.wrap(engine);

    @Test
    @Order(1)
    @EnableFlag("checkout")
    @FlagVariant(flag = "pricing", variant = "discount")
    void annotationsOverrideForEveryContext() {
        assertThat(flags.isEnabled("checkout", EvaluationContext.of("anyone"))).isTrue();
        assertThat(flags.getBooleanDetails("checkout", false, EvaluationContext.EMPTY)
                        .reason())
                .isEqualTo(Reason.STATIC);
        assertThat(flags.getVariant("pricing", EvaluationContext.of("u"))).isEqualTo("discount");
        assertThat(flags.getString("pricing", "?", EvaluationContext.of("u"))).isEqualTo("ten-off");
        assertThat(flags.isEnabled("from-class")).isTrue();
        TestFlags.enable("leaks-unless-reset");
    }

    @Test
    @Order(2)
    void overridesAreRestoredAfterEachTest() {
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();
        assertThat(flags.getVariant("pricing", EvaluationContext.EMPTY)).isEqualTo("standard");
        assertThat(flags.isEnabled("leaks-unless-reset", EvaluationContext.EMPTY))
                .isFalse();
        assertThat(flags.isEnabled("from-class", EvaluationContext.EMPTY)).isTrue();
    }

    @Test
    @Order(3)
    @DisableFlag("from-class")
    void methodAnnotationsWinOverClassAnnotations() {
        assertThat(flags.isEnabled("from-class", EvaluationContext.EMPTY)).isFalse();
    }

    @Test
    @FlagValue(flag = "free-shipping-threshold", value = "25.0")
    @FlagValue(flag = "max-items", value = "3")
    void valuesAreReadAsTheRequestedTypeEvenForUndefinedFlags() {
        FlagManager standalone = TestFlags.manager();
        assertThat(standalone.getDouble("free-shipping-threshold", 50.0, EvaluationContext.EMPTY))
                .isEqualTo(25.0);
        assertThat(standalone.getInteger("max-items", 10, EvaluationContext.EMPTY))
                .isEqualTo(3);
        assertThat(standalone
                        .getBooleanDetails("max-items", false, EvaluationContext.EMPTY)
                        .isError())
                .isTrue();
        assertThat(standalone.getDouble("not-overridden", 1.5, EvaluationContext.EMPTY))
                .isEqualTo(1.5);
    }

    @Test
    void programmaticOverridesApplyAtOnce() {
        TestFlags.enable("checkout");
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();
        TestFlags.clear("checkout");
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();
        TestFlags.value("pricing", "custom");
        assertThat(flags.getString("pricing", "?", EvaluationContext.EMPTY)).isEqualTo("custom");
    }

    @Test
    void wrappingTwiceKeepsOneLayer() {
        assertThat(TestFlags.wrap(flags)).isSameAs(flags);
    }

    @Test
    void anOverrideOfAnUndefinedFlagServesNothingAndFailsTheTest() {
        TestFlags.enable("chekout");
        EvaluationDetails<Boolean> details = flags.getBooleanDetails("chekout", false, EvaluationContext.EMPTY);
        assertThat(details.value()).isFalse();
        assertThat(details.reason()).isEqualTo(Reason.ERROR);
        assertThat(details.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.detail())
                .isEqualTo(
                        "TestFlags turns flag 'chekout' on, which is not defined (flags: [checkout, from-class, pricing])");
        assertThat(TestFlags.problems()).containsExactly(details.detail());
        assertThatThrownBy(() -> FlagsExtension.verify(TestFlags.problems()))
                .isInstanceOf(AssertionError.class)
                .hasMessage(
                        "TestFlags turns flag 'chekout' on, which is not defined (flags: [checkout, from-class, pricing])");
        TestFlags.reset();
        assertThat(TestFlags.problems()).isEmpty();
    }

    @Test
    void anOverrideOfAMissingVariantOrOfTheWrongTypeFailsTheTest() {
        TestFlags.variant("pricing", "gold");
        assertThat(flags.getString("pricing", "fallback", EvaluationContext.EMPTY))
                .isEqualTo("fallback");
        TestFlags.enable("pricing");
        assertThat(flags.getVariant("pricing", EvaluationContext.EMPTY)).isNull();
        assertThat(TestFlags.problems())
                .containsExactly(
                        "TestFlags serves variant 'gold' of flag 'pricing', which has no such variant (variants: [standard, discount])",
                        "TestFlags turns flag 'pricing' on, which is of type string, not boolean");
        assertThatThrownBy(() -> FlagsExtension.verify(TestFlags.problems()))
                .hasMessage(
                        "TestFlags serves variant 'gold' of flag 'pricing', which has no such variant (variants: [standard, discount])\n"
                                + "TestFlags turns flag 'pricing' on, which is of type string, not boolean");
        TestFlags.reset();
    }

    @Test
    void managersWithoutDefinitionsServeAnyOverride() {
        TestFlags.variant("anything", "gold");
        assertThat(TestFlags.manager().getVariant("anything", EvaluationContext.EMPTY))
                .isEqualTo("gold");
        assertThat(TestFlags.problems()).isEmpty();
    }
}
