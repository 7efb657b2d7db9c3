package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.config.Customizer.withDefaults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API's change stream ({@code GET .../events}) over a real HTTP connection to Tomcat,
 * with short configured intervals: its heartbeat lines, its end at the maximum lifetime, its cap on
 * open streams and its prompt end when the application shuts down gracefully.
 */
class FlagsAdminEventsTests {

    private static ConfigurableApplicationContext context;

    private static String api;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        context = application(
                        "flags.admin.events.heartbeat=200ms",
                        "flags.admin.events.max-lifetime=3s",
                        "flags.admin.events.max-streams=2")
                .run();
        api = "http://127.0.0.1:" + port(context) + "/flags-admin/api";
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aStreamStartsWithTheRetryAndTheSettingsThenSendsACommentAtEveryHeartbeat() throws Exception {
        HttpResponse<InputStream> response = open(api);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store, no-transform");
        try (BufferedReader lines = reader(response)) {
            assertThat(List.of(lines.readLine(), lines.readLine(), lines.readLine(), lines.readLine()))
                    .containsExactly("retry:2000", "event:ready", "data:{\"heartbeat\":200,\"maxLifetime\":3000}", "");
            List<String> next =
                    CompletableFuture.supplyAsync(() -> read(lines, 6)).get(10, TimeUnit.SECONDS);
            assertThat(next).containsExactly(":heartbeat", "", ":heartbeat", "", ":heartbeat", "");
        }
    }

    @Test
    void theServerEndsAStreamAtItsMaximumLifetimeAndANewOneOpensAtOnce() throws Exception {
        // From before the request: the server counts the lifetime from when it opened the stream.
        long opened = System.nanoTime();
        HttpResponse<InputStream> response = open(api);
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines = reader(response)) {
            // Everything up to the end of the stream: the server completes it, the client sees EOF.
            List<String> all = CompletableFuture.supplyAsync(() -> read(lines, Integer.MAX_VALUE))
                    .get(20, TimeUnit.SECONDS);
            Duration lifetime = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(lifetime).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(all).contains("event:ready").contains(":heartbeat");
        }
        HttpResponse<InputStream> again = open(api);
        assertThat(again.statusCode()).isEqualTo(200);
        again.body().close();
    }

    @Test
    void beyondMaxStreamsANewStreamIsRefusedWith503ProblemDetailsAndRetryAfter() throws Exception {
        // Streams of the other tests end within their lifetime (3 s): wait until both places are free.
        // Each place may still be held by a stream of another test until its heartbeat finds it gone.
        HttpResponse<InputStream> first = openWhenFree();
        HttpResponse<InputStream> second = openWhenFree();

        HttpResponse<String> refused = http.send(request(api).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body())
                .contains("\"title\":\"Change stream unavailable\"")
                .contains("\"status\":503")
                .contains("\"detail\":\"This instance already serves its 2 change streams"
                        + " (flags.admin.events.max-streams); retry after 30 seconds, and poll GET .../flags"
                        + " meanwhile\"")
                .contains("\"retryAfter\":30");
        first.body().close();
        second.body().close();
    }

    @Test
    void aClientThatLeftFreesItsPlaceAtTheNextHeartbeat() throws Exception {
        // Each place may still be held by a stream of another test until its heartbeat finds it gone.
        HttpResponse<InputStream> first = openWhenFree();
        HttpResponse<InputStream> second = openWhenFree();
        first.body().close();
        second.body().close();
        // Well before the 3 s lifetime: the heartbeat's failed write finds that both clients left.
        long start = System.nanoTime();
        HttpResponse<InputStream> next = openWhenFree();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        next.body().close();
    }

    @Test
    void shuttingDownEndsOpenStreamsInsteadOfWaitingForThem() throws Exception {
        ConfigurableApplicationContext closing = application(
                        "server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=20s")
                .run();
        HttpResponse<InputStream> response = open("http://127.0.0.1:" + port(closing) + "/flags-admin/api");
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader lines = reader(response);
        assertThat(lines.readLine()).isEqualTo("retry:2000");
        CompletableFuture<List<String>> ended = CompletableFuture.supplyAsync(() -> read(lines, Integer.MAX_VALUE));

        long start = System.nanoTime();
        closing.close();
        Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

        assertThat(shutdown).isLessThan(Duration.ofSeconds(10));
        assertThat(ended.get(5, TimeUnit.SECONDS)).contains("event:ready");
    }

    @Test
    void settingsOutOfRangeFailStartupNamingTheProperty() {
        assertThatThrownBy(() -> application("flags.admin.events.max-streams=0").run())
                .rootCause()
                .hasMessage("flags.admin.events.max-streams must be at least 1, not 0");
        assertThatThrownBy(() -> application("flags.admin.events.heartbeat=0s").run())
                .rootCause()
                .hasMessage("flags.admin.events.heartbeat must be positive, not PT0S");
        assertThatThrownBy(
                        () -> application("flags.admin.events.max-lifetime=-1s").run())
                .rootCause()
                .hasMessage("flags.admin.events.max-lifetime must be positive, not PT-1S");
    }

    // ---- helpers ----

    private static SpringApplicationBuilder application(String... properties) {
        return new SpringApplicationBuilder(EventsApplication.class)
                .properties(
                        "server.port=0",
                        "flags.store.type=memory",
                        "flags.definitions.checkout.default-variant=on",
                        "flags.admin.permissions.ROLE_OPERATOR=read",
                        "spring.main.banner-mode=off")
                .properties(properties);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private HttpResponse<InputStream> open(String base) throws Exception {
        return http.send(request(base).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A stream, once the earlier tests' streams have ended and freed their places. */
    private HttpResponse<InputStream> openWhenFree() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            HttpResponse<InputStream> response = open(api);
            if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                assertThat(response.statusCode()).isEqualTo(200);
                return response;
            }
            response.body().close();
            Thread.sleep(100);
        }
    }

    private static HttpRequest.Builder request(String base) {
        return HttpRequest.newBuilder(URI.create(base + "/events"))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString("operator:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream")
                .GET();
    }

    private static BufferedReader reader(HttpResponse<InputStream> response) {
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Up to {@code count} lines, fewer when the stream ends. */
    private static List<String> read(BufferedReader lines, int count) {
        List<String> read = new ArrayList<>();
        try {
            while (read.size() < count) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                read.add(line);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return read;
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class EventsApplication {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(withDefaults())
                    .csrf(csrf -> csrf.disable());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("operator")
                    .password("{noop}secret")
                    .roles("OPERATOR")
                    .build());
        }
    }
}
