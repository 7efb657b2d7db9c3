package com.example.reactive;

import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebFlux shop: {@code /recommendations} exists only while the {@code recommendations} flag is on
 * for the caller (the body is not subscribed to otherwise), {@code /price} is priced by the
 * {@code pricing} variant, and the OFREP server and the admin API run beside it.
 */
@SpringBootApplication
public class ReactiveShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReactiveShopApplication.class, args);
    }

    /**
     * The shop is open to everyone and the flags to front ends; the admin API needs a signed-in
     * user (HTTP Basic here), whose roles map to permissions by {@code flags.admin.permissions}.
     */
    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/flags-admin/**")
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .httpBasic(Customizer.withDefaults())
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // The admin API is for API clients with credentials, the shop and OFREP take no cookies.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** Demo users; an application reads them from its identity provider. */
    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(
                User.withUsername("viewer")
                        .password("{noop}viewer-pass")
                        .roles("VIEWER")
                        .build(),
                User.withUsername("operator")
                        .password("{noop}operator-pass")
                        .roles("OPERATOR")
                        .build());
    }

    @RestController
    static class ShopController {

        @GetMapping("/recommendations")
        @FeatureToggle(value = "recommendations", fallback = "noRecommendations")
        Flux<Product> recommendations() {
            return Flux.just(new Product("espresso machine"), new Product("milk frother"));
        }

        Flux<Product> noRecommendations() {
            return Flux.empty();
        }

        @GetMapping("/price")
        Mono<String> price(@Variant("pricing") String pricing) {
            return Mono.just(pricing.equals("discount") ? "price: 90" : "price: 100");
        }

        @GetMapping("/products")
        Flux<Product> products() {
            return Flux.fromIterable(
                    List.of(new Product("espresso machine"), new Product("milk frother"), new Product("grinder")));
        }
    }

    /** A product of the shop, as JSON. */
    record Product(String name) {}
}
