package com.example.shop;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import dev.flags.test.DisableFlag;
import dev.flags.test.EnableFlag;
import dev.flags.test.FlagValue;
import dev.flags.test.FlagVariant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CheckoutController.class)
@Import(ShippingService.class)
class CheckoutControllerTests {

    @Autowired
    MockMvc mvc;

    @Test
    @EnableFlag("new-checkout")
    void newCheckoutWhileTheFlagIsOn() throws Exception {
        mvc.perform(get("/checkout?total=30")).andExpect(jsonPath("$.checkout").value("new"));
    }

    @Test
    @DisableFlag("new-checkout")
    void legacyCheckoutWhileTheFlagIsOffEvenForBetaTesters() throws Exception {
        mvc.perform(get("/checkout?total=30").header("X-User-Groups", "beta-testers"))
                .andExpect(jsonPath("$.checkout").value("legacy"));
    }

    @Test
    void betaTestersGetTheNewCheckoutFromTheDefinitions() throws Exception {
        mvc.perform(get("/checkout?total=30").header("X-User-Id", "ann").header("X-User-Groups", "beta-testers"))
                .andExpect(jsonPath("$.checkout").value("new"));
    }

    @Test
    void premiumCustomersShipFreeFromTheGenerousThreshold() throws Exception {
        mvc.perform(get("/checkout?total=30").header("X-User-Groups", "premium"))
                .andExpect(jsonPath("$.freeShipping").value(true));
        mvc.perform(get("/checkout?total=30"))
                .andExpect(jsonPath("$.freeShipping").value(false));
    }

    @Test
    @FlagValue(flag = "free-shipping-threshold", value = "20.0")
    void shippingFollowsTheThresholdTheFlagServes() throws Exception {
        mvc.perform(get("/checkout?total=20"))
                .andExpect(jsonPath("$.freeShipping").value(true));
    }

    @Test
    @FlagVariant(flag = "button-color", variant = "blue")
    void buttonShowsTheVariantServed() throws Exception {
        mvc.perform(get("/button")).andExpect(jsonPath("$.variant").value("blue"));
    }
}
