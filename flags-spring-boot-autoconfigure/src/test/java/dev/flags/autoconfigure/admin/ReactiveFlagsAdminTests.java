package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The admin API on WebFlux, on a real Netty server with Spring Security's reactive side (HTTP Basic,
 * authorities mapped by {@code flags.admin.permissions} and {@code flags.admin.scopes}) and the JDBC
 * store: the flows and refusals of the Spring MVC binding, with the same JSON and Problem Details.
 */
class ReactiveFlagsAdminTests {

    private static final String API = "/flags-admin/api";

    private static ConfigurableApplicationContext context;

    private static WebTestClient client;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(NettyApplication.class)
                .web(WebApplicationType.REACTIVE)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "flags.store.type=jdbc",
                        "flags.definitions.checkout.owner=checkout-team",
                        "flags.definitions.checkout.default-variant=on",
                        "flags.definitions.rollout.owner=growth-team",
                        "flags.definitions.rollout.default-variant=off",
                        "flags.admin.permissions.ROLE_VIEWER=read",
                        "flags.admin.permissions.ROLE_EDITOR=read,write",
                        "flags.admin.permissions.ROLE_ADMIN=read,write,delete,admin",
                        "flags.admin.permissions.ROLE_GROWTH=read,write",
                        "flags.admin.scopes.ROLE_GROWTH.owners=growth-team",
                        "flags.admin.max-request-size=4KB",
                        "flags.admin.events.heartbeat=200ms",
                        "flags.admin.events.max-streams=1")
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
    }

    private static WebTestClient.RequestHeadersSpec<?> get(String path, String user) {
        return client.get().uri(API + path).headers(headers -> headers.setBasicAuth(user, "secret"));
    }

    private static WebTestClient.RequestBodySpec send(String method, String path, String user) {
        return client.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(API + path)
                .headers(headers -> headers.setBasicAuth(user, "secret"))
                .contentType(MediaType.APPLICATION_JSON);
    }

    @Test
    void theReactiveBindingServesTheApi() {
        assertThat(context.getBeansOfType(ReactiveFlagsAdminController.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(FlagsAdminController.class)).isEmpty();
    }

    @Test
    void meShowsTheCallerOfTheReactiveSecurityContextWithItsScope() {
        get("/me", "growth")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json(
                        "{\"name\":\"growth\",\"permissions\":[\"READ\",\"WRITE\"],\"owners\":[\"growth-team\"],\"tags\":[]}",
                        org.springframework.test.json.JsonCompareMode.STRICT);
    }

    @Test
    void nobodyAuthenticatedIsA401Problem() {
        client.get()
                .uri(API + "/flags")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Not authenticated")
                .jsonPath("$.status")
                .isEqualTo(401);
    }

    @Test
    void listsAndReadsFlagsWithTheirVersionAsETag() {
        get("/flags", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.key == 'checkout')].definition.owner")
                .isEqualTo(List.of("checkout-team"));
        get("/flags/checkout", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches(HttpHeaders.ETAG, "\"[0-9]+\"")
                .expectBody()
                .jsonPath("$.key")
                .isEqualTo("checkout")
                .jsonPath("$.definition.default-variant")
                .isEqualTo("on");
        get("/flags/nope", "viewer")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Not found");
    }

    @Test
    void createsUpdatesAndDeletesAFlagWithIfMatchAndAnswers428And412() {
        send("POST", "/flags?reason=new", "editor")
                .bodyValue("{\"key\": \"crud\", \"default-variant\": \"on\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, API + "/flags/crud")
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1);
        send("POST", "/flags", "editor")
                .bodyValue("{\"key\": \"crud\", \"default-variant\": \"on\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Already exists");
        send("PUT", "/flags/crud", "editor")
                .bodyValue("{\"default-variant\": \"off\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(428)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("If-Match required");
        send("PUT", "/flags/crud", "editor")
                .header(HttpHeaders.IF_MATCH, "\"7\"")
                .bodyValue("{\"default-variant\": \"off\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(412)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Version conflict")
                .jsonPath("$.expectedVersion")
                .isEqualTo(7)
                .jsonPath("$.currentVersion")
                .isEqualTo(1);
        send("PUT", "/flags/crud", "editor")
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .bodyValue("{\"default-variant\": \"off\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody()
                .jsonPath("$.definition.default-variant")
                .isEqualTo("off");
        send("DELETE", "/flags/crud?reason=done", "editor")
                .header(HttpHeaders.IF_MATCH, "\"2\"")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.permission")
                .isEqualTo("DELETE");
        send("DELETE", "/flags/crud?reason=done", "admin")
                .header(HttpHeaders.IF_MATCH, "\"2\"")
                .exchange()
                .expectStatus()
                .isNoContent();
        get("/audit?flag=crud", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].action")
                .isEqualTo(List.of("DELETE", "UPDATE", "CREATE"))
                .jsonPath("$[2].actor")
                .isEqualTo("editor")
                .jsonPath("$[2].reason")
                .isEqualTo("new");
    }

    @Test
    void permissionsAndScopesAreTheServicesAs403Problems() {
        send("POST", "/flags", "viewer")
                .bodyValue("{\"key\": \"viewer-made\", \"default-variant\": \"on\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Access denied")
                .jsonPath("$.permission")
                .isEqualTo("WRITE");
        send("POST", "/flags/checkout/status", "growth")
                .bodyValue("{\"status\": \"paused\", \"reason\": \"not mine\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
        get("/flags/rollout/transitions", "growth")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("active")
                .jsonPath("$.transitions[*].permitted")
                .isEqualTo(List.of(true, true, false));
    }

    @Test
    void statusTransitionsKillSwitchAndRestoreAnswerAsOnSpringMvc() {
        send("POST", "/flags", "admin")
                .bodyValue("{\"key\": \"lifecycle\", \"default-variant\": \"on\"}")
                .exchange()
                .expectStatus()
                .isCreated();
        send("POST", "/flags/lifecycle/status", "admin")
                .bodyValue("{\"status\": \"draft\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Illegal status transition")
                .jsonPath("$.from")
                .isEqualTo("active")
                .jsonPath("$.to")
                .isEqualTo("draft");
        send("POST", "/flags/lifecycle/status", "admin")
                .bodyValue("{\"status\": \"sideways\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].path")
                .isEqualTo("status");
        send("POST", "/flags/lifecycle/emergency-off", "admin")
                .bodyValue("{\"reason\": \"incident 42\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.definition.status")
                .isEqualTo("emergency-off");
        send("POST", "/flags/lifecycle/restore", "admin")
                .bodyValue("{\"status\": \"active\", \"reason\": \"fixed\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(3);
    }

    @Test
    void segmentsStaleReportAndExplainAreServed() {
        send("POST", "/segments", "editor")
                .bodyValue("{\"key\": \"staff\", \"included\": [\"alice\"]}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.LOCATION, API + "/segments/staff");
        get("/segments/staff", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.definition.included[0]")
                .isEqualTo("alice");
        get("/stale", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.generated")
                .exists()
                .jsonPath("$.findings")
                .isArray();
        send("POST", "/flags/checkout/explain", "viewer")
                .bodyValue("{\"targetingKey\": \"ann\", \"groups\": [\"beta\"]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(true)
                .jsonPath("$.variant")
                .isEqualTo("on");
        send("POST", "/flags/checkout/explain", "viewer")
                .bodyValue("{\"groups\": \"beta\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].path")
                .isEqualTo("groups");
    }

    @Test
    void malformedAndUnsupportedRequestsAre400And415Problems() {
        send("POST", "/flags", "editor")
                .bodyValue("{\"key\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Malformed request");
        send("DELETE", "/flags/checkout", "admin")
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Malformed request")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("reason"));
        send("PUT", "/flags/checkout", "editor")
                .header(HttpHeaders.IF_MATCH, "not-a-version")
                .bodyValue("{\"default-variant\": \"on\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].path")
                .isEqualTo("If-Match");
        get("/audit?from=yesterday", "viewer").exchange().expectStatus().isBadRequest();
        send("POST", "/flags", "editor")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("key=x")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Unsupported media type")
                .jsonPath("$.detail")
                .isEqualTo("Send the body as application/json, not text/plain");
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemAnnouncedOrChunked() {
        byte[] body = ("{\"key\": \"big\", \"description\": \"" + "x".repeat(8 * 1024)
                        + "\", \"default-variant\": \"on\"}")
                .getBytes(StandardCharsets.UTF_8);
        send("POST", "/flags", "editor")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Request too large")
                .jsonPath("$.limit")
                .isEqualTo(4096)
                .jsonPath("$.detail")
                .isEqualTo("The request body is larger than 4096 bytes (flags.admin.max-request-size)");
        List<DataBuffer> chunks = new ArrayList<>();
        for (int i = 0; i < body.length; i += 1024) {
            chunks.add(DefaultDataBufferFactory.sharedInstance.wrap(
                    java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + 1024))));
        }
        send("POST", "/flags", "editor")
                .body(Flux.fromIterable(chunks), DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.limit")
                .isEqualTo(4096);
        get("/flags/big", "viewer").exchange().expectStatus().isNotFound();
    }

    @Test
    void theChangeStreamSendsReadyThenTheChangeAndItsAuditAndRefusesBeyondTheCap() {
        Flux<ServerSentEvent<Map<String, Object>>> stream = get("/events", "viewer")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
                .getResponseBody()
                .filter(event -> event.event() != null);
        StepVerifier.create(stream)
                .assertNext(ready -> {
                    assertThat(ready.event()).isEqualTo("ready");
                    assertThat(ready.data()).containsEntry("heartbeat", 200).containsKey("maxLifetime");
                })
                .then(() -> {
                    // The cap is one stream: the next is a 503 Problem with Retry-After.
                    EntityExchangeResult<byte[]> refused = get("/events", "viewer")
                            .accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
                            .exchange()
                            .expectStatus()
                            .isEqualTo(503)
                            .expectHeader()
                            .exists(HttpHeaders.RETRY_AFTER)
                            .expectBody()
                            .jsonPath("$.title")
                            .isEqualTo("Change stream unavailable")
                            .returnResult();
                    assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                            .isEqualTo("30");
                    send("POST", "/flags?reason=streamed", "editor")
                            .bodyValue("{\"key\": \"streamed\", \"default-variant\": \"on\"}")
                            .exchange()
                            .expectStatus()
                            .isCreated();
                })
                .thenConsumeWhile(event -> !"audit".equals(event.event()) && !"flags-changed".equals(event.event()))
                .thenCancel()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void theChangeStreamNeedsReadAsTheFlagsDo() {
        client.get()
                .uri(API + "/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void noRequestContextIsBuiltOnTheAdminPathsButElsewhereItIs() {
        get("/me", "viewer").exchange().expectStatus().isOk().expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
        client.get()
                .uri("/hello")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches(HttpHeaders.SET_COOKIE, "flags-anonymous-id=.*");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class NettyApplication {

        /** Basic authentication; the admin API answers nobody itself (401 Problem), as it does on Spring MVC. */
        @Bean
        SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .httpBasic(withDefaults())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }

        @Bean
        MapReactiveUserDetailsService users() {
            List<org.springframework.security.core.userdetails.UserDetails> users = new ArrayList<>();
            for (String name : List.of("viewer", "editor", "admin", "growth")) {
                users.add(User.withUsername(name)
                        .password("{noop}secret")
                        .roles(name.toUpperCase(java.util.Locale.ROOT))
                        .build());
            }
            return new MapReactiveUserDetailsService(users);
        }

        @Bean
        Hello hello() {
            return new Hello();
        }
    }

    @RestController
    static class Hello {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }
}
