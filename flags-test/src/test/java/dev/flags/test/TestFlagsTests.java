package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
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
}
