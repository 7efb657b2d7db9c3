package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedKeyTests {

    /** What typed flags generate for the flag {@code pricing}. */
    enum Pricing implements TypedVariant {
        STANDARD("standard"),
        DISCOUNT("discount");

        private final String name;

        Pricing(String name) {
            this.name = name;
        }

        @Override
        public String variantName() {
            return name;
        }
    }

    static final FlagKey<Boolean> NEW_CHECKOUT = FlagKey.ofBoolean("new-checkout");
    static final VariantFlagKey<String, Pricing> PRICING =
            FlagKey.ofString("pricing", "standard").withVariants(Pricing.class, Pricing.STANDARD);
    static final FlagKey<Double> THRESHOLD = FlagKey.ofDouble("threshold", 50.0);
    static final FlagKey<Integer> MAX_ITEMS = FlagKey.ofInteger("max-items", 10);
    static final FlagKey<Object> CONFIG = FlagKey.ofObject("config");

    private static final EvaluationContext BETA =
            EvaluationContext.builder().targetingKey("u1").group("beta").build();

    private final FlagManager flags = FlagManager.builder()
            .definitions(Definitions.of(
                    FlagDefinition.builder("new-checkout")
                            .defaultVariant("off")
                            .rule(Rule.of(
                                    "beta", Serve.variant("on"), Condition.of("groups", Operator.CONTAINS, "beta")))
                            .build(),
                    FlagDefinition.builder("pricing")
                            .type(FlagType.STRING)
                            .variant("standard", "list")
                            .variant("discount", "ten-off")
                            .variant("gold", "twenty-off")
                            .defaultVariant("standard")
                            .rule(Rule.of(
                                    "beta",
                                    Serve.variant("discount"),
                                    Condition.of("groups", Operator.CONTAINS, "beta")))
                            .build(),
                    FlagDefinition.builder("threshold")
                            .type(FlagType.DOUBLE)
                            .variant("regular", 50.0)
                            .variant("generous", 25.0)
                            .defaultVariant("generous")
                            .build(),
                    FlagDefinition.builder("max-items")
                            .type(FlagType.STRING)
                            .variant("few", "3")
                            .defaultVariant("few")
                            .build(),
                    FlagDefinition.builder("config")
                            .type(FlagType.OBJECT)
                            .variant("classic", Map.of("steps", List.of("cart")))
                            .defaultVariant("classic")
                            .build()))
            .watch(false)
            .build();

    @Test
    void typedKeysEvaluateThroughTheManagersTypedMethods() {
        assertThat(flags.isEnabled(NEW_CHECKOUT, BETA)).isTrue();
        assertThat(flags.isEnabled(NEW_CHECKOUT, EvaluationContext.of("u2"))).isFalse();
        assertThat(flags.value(PRICING, BETA)).isEqualTo("ten-off");
        assertThat(flags.value(THRESHOLD, BETA)).isEqualTo(25.0);
        assertThat(flags.value(CONFIG, BETA)).isEqualTo(Map.of("steps", List.of("cart")));
        EvaluationDetails<String> details = flags.details(PRICING, BETA);
        assertThat(details.variant()).isEqualTo("discount");
        assertThat(details.reason()).isEqualTo(Reason.TARGETING_MATCH);
    }

    @Test
    void variantsAreEnumConstantsTheCompilerChecks() {
        String price = switch (flags.variant(PRICING, BETA)) {
            case STANDARD -> "list price";
            case DISCOUNT -> "10% off";
        };
        assertThat(price).isEqualTo("10% off");
        assertThat(flags.variant(PRICING, EvaluationContext.of("u2"))).isEqualTo(Pricing.STANDARD);
    }

    @Test
    void contextFreeOverloadsUseTheCurrentMemo() {
        FlagManager scoped = FlagManager.builder()
                .definitions(((InspectableFlagManager) flags).definitions())
                .watch(false)
                .memoScope(() -> null)
                .build();
        assertThat(scoped.isEnabled(NEW_CHECKOUT)).isFalse();
        assertThat(scoped.variant(PRICING)).isEqualTo(Pricing.STANDARD);
        assertThat(scoped.value(THRESHOLD)).isEqualTo(25.0);
        assertThat(scoped.details(PRICING).reason()).isEqualTo(Reason.DEFAULT);
        FlagMemo memo = scoped.memo(BETA);
        FlagManager inRequest = FlagManager.builder()
                .definitions(((InspectableFlagManager) flags).definitions())
                .watch(false)
                .memoScope(() -> memo)
                .build();
        assertThat(inRequest.isEnabled(NEW_CHECKOUT)).isTrue();
        assertThat(inRequest.variant(PRICING)).isEqualTo(Pricing.DISCOUNT);
    }

    @Test
    void aVariantTheEnumLacksOrNoVariantAtAllGivesTheDefaultVariant() {
        FlagManager gold = FlagManager.builder()
                .definitions(Definitions.of(FlagDefinition.builder("pricing")
                        .type(FlagType.STRING)
                        .variant("standard", "list")
                        .variant("gold", "twenty-off")
                        .defaultVariant("gold")
                        .build()))
                .watch(false)
                .build();
        assertThat(gold.details(PRICING, BETA).variant()).isEqualTo("gold");
        assertThat(gold.variant(PRICING, BETA)).isEqualTo(Pricing.STANDARD);
        FlagManager none = FlagManager.builder().watch(false).build();
        assertThat(none.variant(PRICING, BETA)).isEqualTo(Pricing.STANDARD);
        assertThat(PRICING.variant("discount")).isEqualTo(Pricing.DISCOUNT);
        assertThat(PRICING.variant(null)).isEqualTo(Pricing.STANDARD);
    }

    @Test
    void aKeyOfTheWrongTypeOrAnUnknownFlagServesTheKeysDefaultWithTheErrorCode() {
        EvaluationDetails<Integer> mismatch = flags.details(MAX_ITEMS, BETA);
        assertThat(mismatch.value()).isEqualTo(10);
        assertThat(mismatch.reason()).isEqualTo(Reason.ERROR);
        assertThat(mismatch.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(flags.value(MAX_ITEMS, BETA)).isEqualTo(10);
        FlagKey<Boolean> missing = FlagKey.ofBoolean("missing", true);
        assertThat(flags.value(missing, BETA)).isTrue();
        assertThat(flags.isEnabled(missing, BETA))
                .as("isEnabled is false when it cannot evaluate")
                .isFalse();
        assertThat(flags.details(missing, BETA).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void keysAreValuesAndRefuseBadInput() {
        assertThat(FlagKey.ofBoolean("a")).isEqualTo(FlagKey.ofBoolean("a", true));
        assertThat(FlagKey.ofBoolean("a")).isNotEqualTo(FlagKey.ofString("a", ""));
        assertThat(PRICING).hasToString("pricing (string)");
        assertThat(PRICING.key()).isEqualTo("pricing");
        assertThat(PRICING.type()).isEqualTo(FlagType.STRING);
        assertThat(PRICING.variants()).isEqualTo(Pricing.class);
        assertThatThrownBy(() -> FlagKey.ofBoolean("")).hasMessage("flag key must not be empty");
        assertThatThrownBy(() -> FlagKey.ofString("x", null)).hasMessage("defaultValue");
    }
}
