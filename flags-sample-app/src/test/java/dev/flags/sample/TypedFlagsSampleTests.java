package dev.flags.sample;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import dev.flags.FlagManager;
import dev.flags.test.FlagVariantsSource;
import dev.flags.test.FlagsAssertions;
import dev.flags.test.FlagsExtension;
import dev.flags.test.TypedFlagsCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The typed keys generated from flags.yml at build time (ShopFlags), the test kit, and the code-reference report. */
@Import(SampleClock.class)
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(FlagsExtension.class) // records each test's evaluations for FlagsAssertions
class TypedFlagsSampleTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FlagManager flags;

    @ParameterizedTest
    @FlagVariantsSource("pricing")
    void everyPricingVariantPricesTheCart(ShopFlags.Pricing variant) throws Exception {
        mvc.perform(get("/price").param("amount", "100").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.variant").value(variant.variantName()))
                .andExpect(jsonPath("$.price").value(variant == ShopFlags.Pricing.DISCOUNT ? 90.0 : 100.0));
        FlagsAssertions.assertThat(flags)
                .exposed(ShopFlags.PRICING)
                .forTargetingKey("ann")
                .withVariant(variant);
    }

    @Test
    void typedKeysCarryTheDefinitionsTypesAndDefaults() throws Exception {
        mvc.perform(get("/shipping").param("amount", "30").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.threshold").value(50.0));
        FlagsAssertions.assertThat(flags)
                .evaluated(ShopFlags.FREE_SHIPPING_THRESHOLD)
                .withVariant(ShopFlags.FreeShippingThreshold.REGULAR)
                .withValue(50.0);
        org.assertj.core.api.Assertions.assertThat(ShopFlags.FREE_SHIPPING_THRESHOLD.defaultValue())
                .isEqualTo(50.0);
        org.assertj.core.api.Assertions.assertThat(ShopFlags.Keys.NEW_CHECKOUT).isEqualTo("new-checkout");
    }

    @Test
    void shopFlagsMatchesFlagsYml() {
        // Fails the build when flags.yml changed but no compilation regenerated ShopFlags since.
        TypedFlagsCheck.assertUpToDate(ShopFlags.class, "flags.yml");
    }

    @Test
    void theStaleReportNamesTheFlagsNoCodeReferences() throws Exception {
        // banner is read by front ends (OFREP) and the request filter's pre-evaluation, wholesale-prices
        // by nobody; payments is new-checkout's prerequisite, and the rest are referenced in the code.
        mvc.perform(get("/flags-admin/api/stale").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(jsonPath(
                        "$.findings[?(@.reason == 'NOT_REFERENCED_BY_CODE')].key",
                        containsInAnyOrder("banner", "wholesale-prices")));
    }
}
