package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
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
 * The admin API on a real Tomcat, where limits meet the network: a body far over the limit gets
 * its 413 answer instead of a reset connection, and a principal whose name is longer than the
 * audit log's column still makes its change.
 */
class FlagsAdminOnTomcatTests {

    private static final String LONG_NAME = "cn=" + "operator-".repeat(30) + ",ou=people,dc=example,dc=org";

    private static ConfigurableApplicationContext context;
    private static String api;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(TomcatApplication.class)
                .properties(
                        "server.port=0",
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "flags.store.type=jdbc",
                        "flags.admin.permissions.ROLE_OPERATOR=read,write",
                        "spring.main.banner-mode=off")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        api = "http://127.0.0.1:" + port + "/flags-admin/api";
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aTenMegabyteBodyAnnouncedWithExpectContinueGetsA413ProblemAndIsNeverSent() throws Exception {
        byte[] body = flagBody("big", 10 * 1024 * 1024);
        HttpResponse<String> response = http.send(
                post("/flags", "operator", body).expectContinue(true).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"title\":\"Request too large\"")
                .contains(
                        "\"detail\":\"The request body is larger than 1048576 bytes (flags.admin.max-request-size)\"");
        assertThat(http.send(get("/flags/big"), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitSentWholeGetsA413Problem() throws Exception {
        byte[] body = flagBody("bigger", 1536 * 1024);
        HttpResponse<String> response =
                http.send(post("/flags", "operator", body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"limit\":1048576");
    }

    @Test
    void aPrincipalWithANameLongerThanTheAuditColumnMakesItsChangeUnderAnAbbreviatedUniqueName() throws Exception {
        HttpResponse<String> created = http.send(
                post(
                                "/flags",
                                LONG_NAME,
                                "{\"key\": \"long-actor\", \"default-variant\": \"on\"}"
                                        .getBytes(StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> audit = http.send(get("/audit?flag=long-actor"), HttpResponse.BodyHandlers.ofString());
        assertThat(audit.statusCode()).isEqualTo(200);
        String recorded = SecurityActors.auditName(LONG_NAME);
        assertThat(recorded)
                .hasSize(200)
                .startsWith(LONG_NAME.substring(0, 180))
                .contains("~");
        assertThat(audit.body()).contains("\"actor\":\"" + recorded + "\"");
    }

    private static byte[] flagBody(String key, int size) {
        return ("{\"key\": \"" + key + "\", \"description\": \"" + "x".repeat(size)
                        + "\", \"default-variant\": \"on\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder post(String path, String user, byte[] body) {
        return HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", basic(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", basic("operator"))
                .GET()
                .build();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TomcatApplication {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(withDefaults())
                    .csrf(csrf -> csrf.disable());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("operator")
                            .password("{noop}secret")
                            .roles("OPERATOR")
                            .build(),
                    User.withUsername(LONG_NAME)
                            .password("{noop}secret")
                            .roles("OPERATOR")
                            .build());
        }
    }
}
