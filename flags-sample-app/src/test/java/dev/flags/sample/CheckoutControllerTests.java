package dev.flags.sample;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.test.DisableFlag;
import dev.flags.test.EnableFlag;
import dev.flags.test.FlagVariant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/** Test support in a {@code @WebMvcTest} slice: flags set per test, whoever calls. */
@WebMvcTest(CheckoutController.class)
class CheckoutControllerTests {

    @Autowired
    MockMvc mvc;

    @Test
    @EnableFlag("new-checkout")
    @FlagVariant(flag = "checkout-config", variant = "express")
    void newCheckoutWhenTheFlagIsOn() throws Exception {
        mvc.perform(get("/checkout"))
                .andExpect(jsonPath("$.checkout").value("new"))
                .andExpect(jsonPath("$.config.expressPay").value(true));
    }

    @Test
    @DisableFlag("new-checkout")
    void legacyCheckoutWhenTheFlagIsOff() throws Exception {
        mvc.perform(get("/checkout").header("X-User-Groups", "beta-testers"))
                .andExpect(jsonPath("$.checkout").value("legacy"));
    }

    @Test
    @EnableFlag("recommendations")
    void killSwitchOverriddenForOneTest() throws Exception {
        mvc.perform(get("/recommendations")).andExpect(status().isOk());
    }
}
