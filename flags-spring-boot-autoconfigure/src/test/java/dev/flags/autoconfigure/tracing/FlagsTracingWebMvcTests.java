package dev.flags.autoconfigure.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.annotation.FeatureToggle;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request through Spring MVC on a real Tomcat, traced by Boot's observation filter and tracing
 * handler into Micrometer's test tracer: the {@code @FeatureToggle} of the handler is recorded on
 * the request's span, whether the flag is on, off (the fallback answers) or not defined.
 */
class FlagsTracingWebMvcTests {

    private static ConfigurableApplicationContext context;
    private static String base;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(TracedApplication.class)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "flags.unknown-flags=warn",
                        "flags.definitions.checkout.default-variant=on",
                        "flags.definitions.checkout.rules[0].id=legacy-users",
                        "flags.definitions.checkout.rules[0].when[0].attribute=groups",
                        "flags.definitions.checkout.rules[0].when[0].operator=contains",
                        "flags.definitions.checkout.rules[0].when[0].value=legacy",
                        "flags.definitions.checkout.rules[0].serve=off")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void forgetSpans() {
        context.getBean(SimpleTracer.class).getSpans().clear();
    }

    @Test
    void theFlagOfAToggledHandlerIsRecordedOnTheRequestsSpan() throws Exception {
        assertThat(get("/checkout", "user-1", "")).isEqualTo("new checkout");
        SimpleSpan span = requestSpan();
        assertThat(FlagsTracingAutoConfigurationTests.eventNames(span)).containsExactly(FlagsTracingHook.EVENT);
        assertThat(span.getTags())
                .containsEntry("feature_flag.key", "checkout")
                .containsEntry("feature_flag.result.variant", "on")
                .containsEntry("feature_flag.result.reason", "default")
                .containsEntry("feature_flag.provider.name", "flags")
                .doesNotContainValue("user-1");
    }

    @Test
    void aRequestServedTheFallbackRecordsTheRuleThatTurnedTheFlagOff() throws Exception {
        assertThat(get("/checkout", "user-2", "legacy")).isEqualTo("old checkout");
        assertThat(requestSpan().getTags())
                .containsEntry("feature_flag.key", "checkout")
                .containsEntry("feature_flag.result.variant", "off")
                .containsEntry("feature_flag.result.reason", "targeting_match");
    }

    @Test
    void aHandlerToggledByAnUndefinedFlagRecordsTheError() throws Exception {
        assertThat(get("/beta", "user-3", "")).isEqualTo("no beta");
        assertThat(requestSpan().getTags())
                .containsEntry("feature_flag.key", "beta")
                .containsEntry("feature_flag.result.reason", "error")
                .containsEntry("error.type", "flag_not_found");
    }

    private String get(String path, String user, String groups) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).header("X-User-Id", user);
        if (!groups.isEmpty()) {
            request.header("X-User-Groups", groups);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /**
     * The span the evaluation was recorded on, once the request's server span has ended: the span
     * current in the handler (with Spring Security, its "secured request" span), in the request's
     * trace.
     */
    private static SimpleSpan requestSpan() throws InterruptedException {
        SimpleTracer tracer = context.getBean(SimpleTracer.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<SimpleSpan> servers = List.of();
        while (servers.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            servers = tracer.getSpans().stream()
                    .filter(span -> span.getName().startsWith("http get"))
                    .filter(span -> span.getEndTimestamp().toEpochMilli() > 0)
                    .toList();
        }
        assertThat(servers).as("the request's server span").hasSize(1);
        String trace = servers.get(0).context().traceId();
        List<SimpleSpan> recorded = tracer.getSpans().stream()
                .filter(span ->
                        FlagsTracingAutoConfigurationTests.eventNames(span).contains(FlagsTracingHook.EVENT))
                .toList();
        assertThat(recorded).as("spans with a flag evaluation").hasSize(1);
        assertThat(recorded.get(0).context().traceId()).isEqualTo(trace);
        return recorded.get(0);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TracedApplication {

        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }

        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }

        @Bean
        CheckoutController checkoutController() {
            return new CheckoutController();
        }
    }

    @RestController
    static class CheckoutController {

        @GetMapping("/checkout")
        @FeatureToggle(value = "checkout", fallback = "oldCheckout")
        public String checkout() {
            return "new checkout";
        }

        public String oldCheckout() {
            return "old checkout";
        }

        @GetMapping("/beta")
        @FeatureToggle(value = "beta", fallback = "noBeta")
        public String beta() {
            return "beta";
        }

        public String noBeta() {
            return "no beta";
        }
    }
}
