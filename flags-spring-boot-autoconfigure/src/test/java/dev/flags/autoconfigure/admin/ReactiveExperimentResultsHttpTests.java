package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every case of {@link ExperimentResultsHttpTests} against the WebFlux binding on a real Netty
 * server, behind Spring Security's reactive HTTP Basic: the same paths, JSON and Problem Details,
 * and the table read off the event loop.
 */
@SpringBootTest(
        classes = ReactiveExperimentResultsHttpTests.ReactiveApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "spring.main.banner-mode=off",
            "flags.store.type=memory",
            "flags.experiments.jdbc.enabled=true",
            "flags.admin.permissions.ROLE_VIEWER=read",
            "flags.definitions.checkout.default-variant=on"
        })
@Import(ExperimentResultsHttpTests.Database.class)
class ReactiveExperimentResultsHttpTests extends ExperimentResultsHttpTests {

    @Test
    void theReactiveBindingServesTheResultsNotTheServletOne() {
        assertThat(context.getBeansOfType(ReactiveExperimentResultsController.class))
                .hasSize(1);
        assertThat(context.getBeanNamesForType(ExperimentResultsController.class))
                .isEmpty();
    }

    @Test
    void theTableIsReadOnTheBoundedElasticSchedulerNeverOnTheEventLoop() {
        // The sink creates its table with its first event; until then the read is a 503.
        expose("elastic-" + UUID.randomUUID());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        get("/pricing?source=database", "vera").expectStatus().isOk());
        database.forget();
        get("/pricing?source=database", "vera").expectStatus().isOk();
        get("?source=database", "vera").expectStatus().isOk();
        assertThat(database.threads())
                .as("threads that opened a connection")
                .isNotEmpty()
                .anyMatch(thread -> thread.startsWith("boundedElastic-"))
                .noneMatch(thread -> thread.startsWith("reactor-http"));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ReactiveApplication {

        @Bean
        SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .httpBasic(withDefaults())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }

        @Bean
        MapReactiveUserDetailsService users() {
            return new MapReactiveUserDetailsService(
                    User.withUsername("vera")
                            .password("{noop}secret")
                            .roles("VIEWER")
                            .build(),
                    User.withUsername("mallory")
                            .password("{noop}secret")
                            .roles("NOBODY")
                            .build());
        }
    }
}
