package dev.flags.sample;

import dev.flags.autoconfigure.FlagContextCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The sample shop. Run it with {@code ./mvnw -pl flags-sample-app -am spring-boot:run}. */
@SpringBootApplication
public class ShopApplication {

    /**
     * Starts the shop.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    /**
     * Adds the customer's country and plan to every request's evaluation context. A real shop
     * would look them up from the customer record; the sample reads the {@code X-Country} and
     * {@code X-Plan} headers so curl can play different customers.
     *
     * @return the customizer
     */
    @Bean
    FlagContextCustomizer customerAttributes() {
        return (context, request) -> context.attribute("country", request.getHeader("X-Country"))
                .attribute("plan", request.getHeader("X-Plan"));
    }
}
