package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@Import(SampleClock.class)
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureMetrics
class ShopApplicationTests {

    private static final Pattern LINK = Pattern.compile("href=\"(/[^\"]*)\"");

    @Autowired
    MockMvc mvc;

    @Test
    void homePageIsOpenToAnonymousVisitorsAndListsWhatToTry() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk()).andExpect(forwardedUrl("index.html"));
        mvc.perform(get("/index.html"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<a href=\"/checkout\">GET /checkout</a>")))
                .andExpect(content().string(containsString("<a href=\"/actuator/flags\">GET /actuator/flags</a>")))
                .andExpect(content()
                        .string(containsString(
                                "curl -s -u viewer:viewer-pass localhost:8080/flags-admin/api/flags/new-checkout")));
    }

    @Test
    void everyLinkOnTheHomePageAnswers() throws Exception {
        String page = mvc.perform(get("/index.html")).andReturn().getResponse().getContentAsString();
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(page);
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        assertThat(links)
                .contains(
                        "/checkout",
                        "/price?amount=100",
                        "/actuator/flags",
                        "/actuator/health",
                        "/actuator/prometheus");
        for (String link : links) {
            // The kill switch is the one page meant to answer 404: its flag is emergency-off.
            int expected = link.equals("/recommendations") ? 404 : 200;
            assertThat(mvc.perform(get(link)).andReturn().getResponse().getStatus())
                    .as("GET %s", link)
                    .isEqualTo(expected);
        }
    }

    @Test
    void newCheckoutFollowsTheRolloutAndFallsBackToTheLegacyOne() throws Exception {
        // 50% rollout since June 2025: carl and dora are in the "on" half, ann and erin are not.
        mvc.perform(get("/checkout").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.checkout").value("legacy"));
        mvc.perform(get("/checkout").header("X-User-Id", "erin"))
                .andExpect(jsonPath("$.checkout").value("legacy"));
        mvc.perform(get("/checkout").header("X-User-Id", "carl"))
                .andExpect(jsonPath("$.checkout").value("new"))
                .andExpect(jsonPath("$.config.steps.length()").value(3))
                .andExpect(jsonPath("$.config.expressPay").value(false));
    }

    @Test
    void betaTestersGetTheNewCheckoutWithTheExpressConfiguration() throws Exception {
        mvc.perform(get("/checkout").header("X-User-Id", "ann").header("X-User-Groups", "beta-testers"))
                .andExpect(jsonPath("$.checkout").value("new"))
                .andExpect(jsonPath("$.config.steps[1]").value("payment"))
                .andExpect(jsonPath("$.config.expressPay").value(true));
    }

    @Test
    void premiumCustomersInGermanyAndTheNetherlandsGetTheNewCheckout() throws Exception {
        mvc.perform(get("/checkout")
                        .header("X-User-Id", "ann")
                        .header("X-Country", "NL")
                        .header("X-Plan", "premium"))
                .andExpect(jsonPath("$.checkout").value("new"));
        mvc.perform(get("/checkout")
                        .header("X-User-Id", "ann")
                        .header("X-Country", "FR")
                        .header("X-Plan", "premium"))
                .andExpect(jsonPath("$.checkout").value("legacy"));
    }

    @Test
    void killSwitchAnswersNotFound() throws Exception {
        mvc.perform(get("/recommendations").header("X-User-Id", "ann").header("X-User-Groups", "beta-testers"))
                .andExpect(status().isNotFound());
    }

    @Test
    void pricingABTestDispatchesToTheVariantsImplementation() throws Exception {
        mvc.perform(get("/price?amount=100").header("X-User-Id", "ann"))
                .andExpect(jsonPath("$.variant").value("standard"))
                .andExpect(jsonPath("$.price").value(100.0));
        mvc.perform(get("/price?amount=100").header("X-User-Id", "bob"))
                .andExpect(jsonPath("$.variant").value("discount"))
                .andExpect(jsonPath("$.price").value(90.0));
    }

    @Test
    void premiumPlanLowersTheFreeShippingThreshold() throws Exception {
        mvc.perform(get("/shipping?amount=30").header("X-Plan", "premium"))
                .andExpect(jsonPath("$.threshold").value(25.0))
                .andExpect(jsonPath("$.free").value(true));
        mvc.perform(get("/shipping?amount=30"))
                .andExpect(jsonPath("$.threshold").value(50.0))
                .andExpect(jsonPath("$.free").value(false));
    }

    @Test
    void flagsArePreEvaluatedPerRequest() throws Exception {
        mvc.perform(get("/flags").header("X-User-Id", "bob").header("X-Country", "DE"))
                .andExpect(jsonPath("$['new-checkout']").value(false))
                .andExpect(jsonPath("$.pricing").value("discount"))
                .andExpect(jsonPath("$.banner").value("Winter sale: 20% off"));
    }

    @Test
    void anonymousVisitorsKeepTheirBucketThroughACookie() throws Exception {
        String id = mvc.perform(get("/price?amount=10"))
                .andExpect(cookie().exists("flags-anonymous-id"))
                .andReturn()
                .getResponse()
                .getCookie("flags-anonymous-id")
                .getValue();
        String first = mvc.perform(get("/price?amount=10").cookie(new Cookie("flags-anonymous-id", id)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/price?amount=10").cookie(new Cookie("flags-anonymous-id", id)))
                    .andExpect(content().string(first));
        }
    }

    @Test
    void actuatorListsExplainsAndReportsHealth() throws Exception {
        mvc.perform(get("/actuator/flags"))
                .andExpect(jsonPath("$.flags[?(@.key == 'new-checkout')].prerequisites[0]")
                        .value("payments"))
                .andExpect(jsonPath("$.flags[?(@.key == 'recommendations')].status")
                        .value("emergency-off"));
        mvc.perform(get("/actuator/flags/pricing"))
                .andExpect(jsonPath("$.flags.pricing.type").value("string"))
                .andExpect(jsonPath("$.flags.pricing.fallthrough.distribution.discount")
                        .value(50));
        mvc.perform(post("/actuator/flags/new-checkout")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetingKey\": \"ann\"}"))
                .andExpect(jsonPath("$.variant").value("off"))
                .andExpect(jsonPath("$.reason").value("SPLIT"))
                .andExpect(jsonPath("$.bucket").value(79))
                .andExpect(jsonPath("$.bucketCount").value(100))
                .andExpect(jsonPath("$.prerequisites[0].flag").value("payments"))
                .andExpect(jsonPath("$.prerequisites[0].met").value(true));
        mvc.perform(post("/actuator/flags/new-checkout")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetingKey\": \"ann\", \"groups\": \"beta-testers\"}"))
                .andExpect(jsonPath("$.variant").value("on"))
                .andExpect(jsonPath("$.rule").value("beta-testers"));
        mvc.perform(post("/actuator/flags/free-shipping-threshold")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"targetingKey\": \"ann\", \"attributes\": \"plan=premium,country=DE\"}"))
                .andExpect(jsonPath("$.value").value(25.0))
                .andExpect(jsonPath("$.rule").value("premium"));
        mvc.perform(get("/actuator/health"))
                .andExpect(jsonPath("$.components.flags.status").value("UP"))
                .andExpect(jsonPath("$.components.flags.details.flags").value(8));
    }

    @Test
    void metricsCountEvaluations() throws Exception {
        mvc.perform(get("/price?amount=100").header("X-User-Id", "bob"));
        mvc.perform(get("/actuator/metrics/flags.evaluations"))
                .andExpect(jsonPath("$.availableTags[*].tag", hasItem("feature_flag.key")));
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(content()
                        .string(containsString("flags_evaluations_total{error_type=\"none\","
                                + "feature_flag_key=\"pricing\",feature_flag_result_reason=\"split\","
                                + "feature_flag_result_variant=\"discount\"}")));
    }
}
