package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

class SpringTestFlagsTests {

    @Nested
    @SpringBootTest(classes = App.class, properties = "spring.main.web-application-type=none")
    @TestPropertySource(
            properties = {
                "flags.definitions.checkout.default-variant=off",
                "flags.definitions.pricing.type=string",
                "flags.definitions.pricing.variants.standard=standard",
                "flags.definitions.pricing.variants.discount=discount",
                "flags.definitions.pricing.default-variant=standard"
            })
    class InSpringBootTest {

        @Autowired
        Pricing pricing;

        @Autowired
        FlagManager flags;

        @Test
        @FlagVariant(flag = "pricing", variant = "discount")
        void variantOverrideDispatchesTheVariantMethod() {
            assertThat(pricing.price(100)).isEqualTo(90);
        }

        @Test
        void withoutOverrideTheDefinitionsApply() {
            assertThat(pricing.price(100)).isEqualTo(100);
            assertThat(flags.isEnabled("checkout")).isFalse();
        }

        @Test
        @EnableFlag("checkout")
        void contextFreeCallsSeeOverrides() {
            assertThat(flags.isEnabled("checkout")).isTrue();
        }

        @ParameterizedTest
        @FlagVariantsSource("pricing")
        void runsOncePerVariantOfTheContextsFlag(String variant) {
            assertThat(pricing.price(100)).isEqualTo(variant.equals("discount") ? 90 : 100);
            FlagsAssertions.assertThat(flags).evaluated("pricing").times(1).withVariant(variant);
        }
    }

    @Nested
    @WebMvcTest(controllers = CheckoutController.class)
    @Import(CheckoutController.class)
    @TestPropertySource(
            properties = {
                "flags.definitions.checkout.default-variant=off",
                "flags.definitions.pricing.type=string",
                "flags.definitions.pricing.variants.standard=standard",
                "flags.definitions.pricing.variants.discount=discount",
                "flags.definitions.pricing.default-variant=standard"
            })
    class InWebMvcTest {

        @Autowired
        MockMvc mvc;

        @Test
        @EnableFlag("checkout")
        void enabledFeatureAnswers() throws Exception {
            mvc.perform(get("/checkout"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("new checkout"));
        }

        @Test
        @DisableFlag("checkout")
        void disabledFeatureIsNotFound() throws Exception {
            mvc.perform(get("/checkout")).andExpect(status().isNotFound());
        }

        @Test
        @FlagVariant(flag = "pricing", variant = "discount")
        void handlerParametersSeeVariantOverrides() throws Exception {
            mvc.perform(get("/variant")).andExpect(content().string("discount"));
        }
    }

    @EnableAutoConfiguration
    static class App {
        @Bean
        Pricing pricing() {
            return new Pricing();
        }
    }

    @org.springframework.boot.SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebApp {}

    public static class Pricing {
        @Variant("pricing")
        public int price(int amount) {
            return amount;
        }

        @Variant(value = "pricing", variant = "discount")
        public int discounted(int amount) {
            return amount - 10;
        }
    }

    @RestController
    public static class CheckoutController {
        @GetMapping("/checkout")
        @FeatureToggle("checkout")
        public String checkout() {
            return "new checkout";
        }

        @GetMapping("/variant")
        public String variant(@Variant("pricing") String variant) {
            return variant;
        }
    }
}
