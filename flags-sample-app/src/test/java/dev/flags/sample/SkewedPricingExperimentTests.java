package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** Profile {@code skewed} loses some discount customers before exposure: the SRM check trips. */
@Import(SampleClock.class)
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("skewed")
@DirtiesContext
class SkewedPricingExperimentTests {

    @Autowired
    MockMvc mvc;

    @Test
    void losingOneVariantsCustomersTripsTheSampleRatioCheck() throws Exception {
        int served = ShopSimulation.run(mvc, "customer-", 2_000, 42);
        assertThat(served).isLessThan(2_000);

        String json = mvc.perform(get("/actuator/flags/experiments/pricing"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        DocumentContext results = JsonPath.parse(json);
        long standard = results.read("$.sampleRatio.observed.standard", Long.class);
        long discount = results.read("$.sampleRatio.observed.discount", Long.class);
        assertThat(standard + discount).isEqualTo(served);
        assertThat(discount).isLessThan(standard);
        assertThat(results.read("$.sampleRatio.expectedShares.discount", Double.class))
                .isEqualTo(0.5);
        assertThat(results.read("$.sampleRatio.pValue", Double.class)).isLessThan(0.001);
        assertThat(results.read("$.sampleRatio.mismatch", Boolean.class)).isTrue();
    }
}
