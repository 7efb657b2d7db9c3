package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

/** The pricing experiment end to end: 3,000 simulated customers, then the results views. */
@Import(SampleClock.class)
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class PricingExperimentTests {

    @Autowired
    MockMvc mvc;

    @Test
    void simulatedCustomersShowAPositiveSignificantLiftWithAHealthySplit() throws Exception {
        assertThat(ShopSimulation.run(mvc, "customer-", 3_000, 42)).isEqualTo(3_000);

        String json = mvc.perform(get("/actuator/flags/experiments/pricing"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        DocumentContext results = JsonPath.parse(json);
        assertThat(results.read("$.status", String.class)).isEqualTo("RUNNING");
        assertThat(results.read("$.controlVariant", String.class)).isEqualTo("standard");
        long standard = results.read("$.variants[0].exposedUsers", Long.class);
        long discount = results.read("$.variants[1].exposedUsers", Long.class);
        assertThat(results.read("$.variants[1].variant", String.class)).isEqualTo("discount");
        assertThat(standard + discount).isEqualTo(3_000);
        assertThat(standard / 3_000.0).isCloseTo(0.5, within(0.03));
        assertThat(results.read("$.variants[0].conversions[0].conversionRate", Double.class))
                .isCloseTo(ShopSimulation.STANDARD_PURCHASE_PROBABILITY, within(0.025));
        assertThat(results.read("$.variants[1].conversions[0].conversionRate", Double.class))
                .isCloseTo(ShopSimulation.DISCOUNT_PURCHASE_PROBABILITY, within(0.025));
        assertThat(results.read("$.variants[0].conversions[0].lift", Object.class))
                .isNull();
        assertThat(results.read("$.variants[1].conversions[0].lift.absolute", Double.class))
                .isPositive();
        assertThat(results.read("$.variants[1].conversions[0].lift.absoluteLow", Double.class))
                .isPositive();
        assertThat(results.read("$.variants[1].conversions[0].lift.relative", Double.class))
                .isPositive();
        assertThat(results.read("$.variants[1].conversions[0].lift.pValue", Double.class))
                .isLessThan(0.01);
        assertThat(results.read("$.variants[1].conversions[0].lift.significant", Boolean.class))
                .isTrue();
        assertThat(results.read("$.sampleRatio.mismatch", Boolean.class)).isFalse();
        assertThat(results.read("$.sampleRatio.pValue", Double.class)).isGreaterThan(0.001);

        // The metrics: the conversion rate, revenue per customer and the order-value guardrail.
        assertThat(results.read("$.method", String.class)).isEqualTo("SEQUENTIAL");
        assertThat(results.read("$.metrics[*].name", String[].class))
                .containsExactly("purchase", "revenue", "order-value");
        assertThat(results.read("$.metrics[0].variants[1].comparison.significant", Boolean.class))
                .isTrue();
        assertThat(results.read("$.metrics[0].variants[1].comparison.chanceToBeatControl", Double.class))
                .isGreaterThan(0.99);
        assertThat(results.read("$.metrics[1].type", String.class)).isEqualTo("mean");
        assertThat(results.read("$.metrics[1].variants[1].comparison.difference", Double.class))
                .as("more buyers at a 10% lower price: more revenue per customer")
                .isPositive();
        assertThat(results.read("$.metrics[2].guardrail", Boolean.class)).isTrue();
        assertThat(results.read("$.metrics[2].variants[0].mean", Double.class)).isCloseTo(200, within(15.0));
        assertThat(results.read("$.metrics[2].variants[1].comparison.difference", Double.class))
                .as("each order is worth 10% less")
                .isCloseTo(-20, within(15.0));
        assertThat(results.read("$.metrics[2].variants[1].comparison.adjustedPValue", Double.class))
                .as("guardrails are not corrected")
                .isEqualTo(results.read("$.metrics[2].variants[1].comparison.pValue", Double.class));
        // What docs/experiments.md shows, written where a reader of the build can find it.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "pricing-results.json"), json);

        // The admin API's read-only view shows the same numbers, every experiment in a list.
        mvc.perform(get("/flags-admin/api/experiments/pricing").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.variants[1].exposedUsers").value(discount));
        mvc.perform(get("/flags-admin/api/experiments").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(jsonPath("$[0].flag").value("pricing"))
                .andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/actuator/flags/experiments/all"))
                .andExpect(jsonPath("$[0].flag").value("pricing"));
        mvc.perform(get("/flags-admin/api/experiments/banner").with(httpBasic("viewer", "viewer-pass")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/actuator/flags/experiments/banner")).andExpect(status().isNotFound());
    }

    @Test
    void preEvaluationAndExplainRecordNoExposureAndPurchasesWithoutExposureAreNotCredited() throws Exception {
        // Every request pre-evaluates pricing for views; only /price uses it.
        mvc.perform(get("/flags").header("X-User-Id", "window-shopper")).andExpect(status().isOk());
        mvc.perform(post("/actuator/flags/pricing")
                        .contentType("application/json")
                        .content("{\"targetingKey\": \"window-shopper\"}"))
                .andExpect(jsonPath("$.reason").value("SPLIT"));
        mvc.perform(post("/purchase").param("amount", "10").header("X-User-Id", "window-shopper"))
                .andExpect(jsonPath("$.creditedExperiments").value(0));
        mvc.perform(get("/price").param("amount", "10").header("X-User-Id", "window-shopper"))
                .andExpect(status().isOk());
        mvc.perform(post("/purchase").param("amount", "10").header("X-User-Id", "window-shopper"))
                .andExpect(jsonPath("$.creditedExperiments").value(1));
    }
}
