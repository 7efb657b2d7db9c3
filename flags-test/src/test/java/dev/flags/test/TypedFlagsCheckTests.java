package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FlagKey;
import dev.flags.TypedVariant;
import dev.flags.VariantFlagKey;
import dev.flags.definition.DefinitionsReader;
import org.junit.jupiter.api.Test;

class TypedFlagsCheckTests {

    /** As flags-codegen generates it from test-flags.yml. */
    static final class UpToDate {
        public static final FlagKey<Boolean> CHECKOUT = FlagKey.ofBoolean("checkout", false);
        public static final VariantFlagKey<String, Pricing> PRICING =
                FlagKey.ofString("pricing", "list").withVariants(Pricing.class, Pricing.STANDARD);
        public static final VariantFlagKey<String, Banner> BANNER =
                FlagKey.ofString("banner", "").withVariants(Banner.class, Banner.NONE);

        enum Pricing implements TypedVariant {
            STANDARD,
            DISCOUNT;

            @Override
            public String variantName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        enum Banner implements TypedVariant {
            NONE,
            SALE;

            @Override
            public String variantName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /** Generated from an older file: no banner, an old flag, pricing as an integer without discount. */
    static final class Stale {
        public static final FlagKey<Boolean> CHECKOUT = FlagKey.ofBoolean("checkout", false);
        public static final VariantFlagKey<Integer, Pricing> PRICING =
                FlagKey.ofInteger("pricing", 0).withVariants(Pricing.class, Pricing.STANDARD);
        public static final FlagKey<Boolean> OLD_BANNER = FlagKey.ofBoolean("old-banner");

        enum Pricing implements TypedVariant {
            STANDARD,
            GOLD;

            @Override
            public String variantName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    @Test
    void aClassMatchingTheFilePasses() {
        TypedFlagsCheck.assertUpToDate(UpToDate.class, "test-flags.yml");
        assertThat(TypedFlagsCheck.differences(UpToDate.class, "test-flags.yml"))
                .isEmpty();
    }

    @Test
    void aStaleClassFailsWithEveryDifference() {
        assertThatThrownBy(() -> TypedFlagsCheck.assertUpToDate(Stale.class, "test-flags.yml"))
                .hasMessage("Stale is stale against test-flags.yml; recompile (mvn clean compile) to regenerate it:\n"
                        + "PRICING is a key of type integer; test-flags.yml makes 'pricing' of type string\n"
                        + "Pricing lacks variant(s) [discount] of 'pricing'\n"
                        + "Pricing has variant(s) [gold] that 'pricing' no longer has\n"
                        + "flag 'banner' of test-flags.yml has no key\n"
                        + "OLD_BANNER is the key of flag 'old-banner', which test-flags.yml no longer defines");
        assertThat(TypedFlagsCheck.differences(Stale.class, "missing.yml"))
                .containsExactly("missing.yml is not on the class path of " + Stale.class.getName());
        assertThat(TypedFlagsCheck.differences(UpToDate.class, "x.yml", DefinitionsReader.read("x.yml", "flags: {}")))
                .hasSize(3);
    }
}
