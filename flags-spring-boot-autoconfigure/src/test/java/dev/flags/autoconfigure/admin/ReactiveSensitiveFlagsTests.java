package dev.flags.autoconfigure.admin;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import dev.flags.autoconfigure.reactor.ReactorFlags;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * The sensitive-flag guard ({@code flags.admin.sensitive-tag}) in a WebFlux application on Netty
 * with Spring Security's reactive HTTP Basic and {@code spring.reactor.context-propagation=auto}:
 * hana holds READ (ROLE_HR), gus does not. Whether a sensitive flag is evaluated follows the
 * exchange's authenticated caller, through the OFREP endpoint and in a reactive controller alike: a
 * {@code FlagManager} call in the handler, one after a hop to another scheduler, the exchange's
 * memo, and {@code @FeatureToggle} on a {@code Mono}. Nobody authenticated is refused.
 */
class ReactiveSensitiveFlagsTests {

    private static final String REFUSED = "false/ERROR/not permitted to evaluate sensitive flag 'payroll'";

    private static final String SERVED = "true/STATIC/null";

    private static ConfigurableApplicationContext context;

    private static WebTestClient client;

    @BeforeAll
    static void start() {
        // What spring.reactor.context-propagation=auto does with spring-boot-reactor, absent from this
        // module's test class path; undone after the class.
        Hooks.enableAutomaticContextPropagation();
        context = new SpringApplicationBuilder(SensitiveApplication.class)
                .web(WebApplicationType.REACTIVE)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "flags.ofrep.enabled=true",
                        "flags.admin.sensitive-tag=sensitive",
                        "flags.admin.permissions.ROLE_HR=read",
                        "flags.definitions.payroll.tags=sensitive",
                        "flags.definitions.payroll.default-variant=on",
                        "flags.definitions.dark-mode.default-variant=on")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() {
        context.close();
        // A global hook: leave none for other test classes.
        Hooks.disableAutomaticContextPropagation();
    }

    private static WebTestClient.ResponseSpec get(String path, String user) {
        return client.get()
                .uri(path)
                .headers(headers -> {
                    if (user != null) {
                        headers.setBasicAuth(user, "secret");
                    }
                })
                .exchange();
    }

    private static WebTestClient.ResponseSpec ofrep(String flag, String user) {
        return client.post()
                .uri("/ofrep/v1/evaluate/flags/" + flag)
                .headers(headers -> {
                    if (user != null) {
                        headers.setBasicAuth(user, "secret");
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"context\":{\"targetingKey\":\"anyone\"}}")
                .exchange();
    }

    @Test
    void theOfrepEndpointEvaluatesASensitiveFlagForACallerWithReadOnly() {
        ofrep("payroll", "hana")
                .expectStatus()
                .isOk()
                .expectBody()
                .json("{\"key\":\"payroll\",\"value\":true,\"variant\":\"on\",\"reason\":\"STATIC\"}");
        ofrep("payroll", "gus").expectStatus().isForbidden().expectBody().isEmpty();
        ofrep("payroll", null).expectStatus().isForbidden().expectBody().isEmpty();
        ofrep("dark-mode", "gus")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(true);
    }

    @Test
    void aFlagManagerCallInAReactiveHandlerIsJudgedAgainstTheExchangesCaller() {
        get("/payroll", "hana").expectStatus().isOk().expectBody(String.class).isEqualTo(SERVED);
        get("/payroll", "gus").expectStatus().isOk().expectBody(String.class).isEqualTo(REFUSED);
        get("/payroll", null).expectStatus().isOk().expectBody(String.class).isEqualTo(REFUSED);
    }

    @Test
    void theCallerFollowsTheExchangeToAnotherSchedulersThread() {
        get("/payroll/later", "hana")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(SERVED);
        get("/payroll/later", "gus")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(REFUSED);
    }

    @Test
    void theExchangesMemoAsksTheGuardWithTheExchangesCaller() {
        get("/payroll/memo", "hana")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(SERVED);
        get("/payroll/memo", "gus")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(REFUSED);
    }

    @Test
    void featureToggleOnAMonoServesTheCallerWithReadAndTurnsTheOthersAway() {
        get("/payroll/toggle", "hana")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("payslips");
        get("/payroll/toggle", "gus").expectStatus().isNotFound();
        get("/payroll/toggle", null).expectStatus().isNotFound();
    }

    @Test
    void theCallerDoesNotLingerOnTheThreadsThatServedIt() {
        for (int i = 0; i < 20; i++) {
            get("/payroll", "hana").expectBody(String.class).isEqualTo(SERVED);
            get("/payroll", null).expectBody(String.class).isEqualTo(REFUSED);
            get("/payroll/later", null).expectBody(String.class).isEqualTo(REFUSED);
        }
    }

    private static String describe(EvaluationDetails<Boolean> details) {
        return details.value() + "/" + details.reason() + "/" + details.errorMessage();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class SensitiveApplication {

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
                    User.withUsername("hana")
                            .password("{noop}secret")
                            .roles("HR")
                            .build(),
                    User.withUsername("gus")
                            .password("{noop}secret")
                            .roles("GUEST")
                            .build());
        }

        @Bean
        Payslips payslips() {
            return new Payslips();
        }

        @Bean
        PayrollController payrollController(FlagManager flags, Payslips payslips) {
            return new PayrollController(flags, payslips);
        }
    }

    public static class Payslips {

        @FeatureToggle("payroll")
        public Mono<String> payslips() {
            return Mono.just("payslips");
        }
    }

    @RestController
    static class PayrollController {

        private final FlagManager flags;

        private final Payslips payslips;

        PayrollController(FlagManager flags, Payslips payslips) {
            this.flags = flags;
            this.payslips = payslips;
        }

        @GetMapping("/payroll")
        Mono<String> payroll() {
            return Mono.just(describe(flags.getBooleanDetails("payroll", false, EvaluationContext.EMPTY)));
        }

        @GetMapping("/payroll/later")
        Mono<String> later() {
            return Mono.delay(Duration.ofMillis(5))
                    .map(tick -> describe(flags.getBooleanDetails("payroll", false, EvaluationContext.EMPTY)));
        }

        @GetMapping("/payroll/memo")
        Mono<String> memo() {
            return ReactorFlags.memo(flags).map(memo -> describe(memo.getBooleanDetails("payroll", false)));
        }

        @GetMapping("/payroll/toggle")
        Mono<String> toggle() {
            return payslips.payslips();
        }
    }
}
