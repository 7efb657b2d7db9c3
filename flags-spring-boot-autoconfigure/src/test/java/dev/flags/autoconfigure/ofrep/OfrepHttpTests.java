package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OFREP server in a running application behind the API-key set-up of the docs, through a real
 * HTTP client: shapes, statuses, error codes, 401/403, the sensitive-flag guard, ETag and 304, 429
 * and the change stream. Every answer is validated against openapi.yaml ({@link OfrepHttp}).
 */
@SpringBootTest(
        classes = OfrepTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "flags.ofrep.enabled=true",
            "flags.ofrep.sse.enabled=true",
            "flags.ofrep.sse.heartbeat=300ms",
            "flags.ofrep.rate-limit.requests=40",
            "flags.ofrep.rate-limit.period=1m",
            "flags.admin.sensitive-tag=sensitive",
            "flags.admin.permissions.OFREP_HR=READ"
        })
@Import(OfrepHttpTests.Flags.class)
class OfrepHttpTests {

    static final String FLAGS = """
            flags:
              dark-mode:
                owner: team-ui
                default-variant: on
              banner:
                type: string
                variants: {big: BIG, small: small}
                default-variant: small
                rules:
                  - id: staff
                    when:
                      - {attribute: email, operator: ends-with, value: "@flags.dev"}
                    serve: big
              paused:
                type: string
                status: paused
                variants: {on: shown}
                default-variant: on
              payroll:
                tags: [sensitive]
                default-variant: on
            """;

    static final Definitions DEFINITIONS = DefinitionsReader.read("ofrep-http-tests", FLAGS);

    static final String WEB = "web-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestConfiguration(proxyBeanMethods = false)
    static class Flags {

        @Bean
        InMemoryFlagSource ofrepHttpTestsSource() {
            return FlagSources.inMemory("ofrep-http-tests", DEFINITIONS);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    InMemoryFlagSource source;

    private OfrepHttp http() {
        return new OfrepHttp(port);
    }

    @AfterEach
    void restoreFlags() {
        source.update(DEFINITIONS);
    }

    private static String context(String json) {
        return "{\"context\":" + json + "}";
    }

    @Test
    void evaluatesOneFlagWithValueVariantReasonAndMetadata() {
        HttpResponse<String> response =
                http().single("dark-mode", context("{\"targetingKey\":\"ann\"}"), "X-API-Key", WEB);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Set-Cookie"))
                .as("no anonymous-id cookie")
                .isEmpty();
        assertThat(response.body())
                .isEqualTo("{\"key\":\"dark-mode\",\"value\":true,\"variant\":\"on\",\"reason\":\"STATIC\","
                        + "\"metadata\":{\"owner\":\"team-ui\"}}");
    }

    @Test
    void targetsOnTheRequestContextAndNamesTheRule() {
        HttpResponse<String> staff = http().single(
                        "banner", context("{\"targetingKey\":\"ann\",\"email\":\"ann@flags.dev\"}"), "X-API-Key", WEB);
        assertThat(staff.body())
                .isEqualTo("{\"key\":\"banner\",\"value\":\"BIG\",\"variant\":\"big\",\"reason\":\"TARGETING_MATCH\","
                        + "\"metadata\":{\"ruleId\":\"staff\"}}");
        HttpResponse<String> outsider = http().single(
                        "banner",
                        context("{\"targetingKey\":\"bob\",\"email\":\"bob@example.com\"}"),
                        "X-API-Key",
                        WEB);
        assertThat(outsider.body())
                .isEqualTo(
                        "{\"key\":\"banner\",\"value\":\"small\",\"variant\":\"small\",\"reason\":\"DEFAULT\",\"metadata\":{}}");
    }

    @Test
    void aPausedFlagAnswersWithoutValueSoTheClientUsesItsCodeDefault() {
        HttpResponse<String> response = http().single("paused", context("{}"), "X-API-Key", WEB);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"key\":\"paused\",\"reason\":\"DISABLED\",\"metadata\":{\"status\":\"paused\"}}");
    }

    @Test
    void anUnknownFlagIs404FlagNotFound() {
        HttpResponse<String> response = http().single("nope", context("{}"), "X-API-Key", WEB);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .isEqualTo("{\"key\":\"nope\",\"errorCode\":\"FLAG_NOT_FOUND\","
                        + "\"errorDetails\":\"flag 'nope' is not defined\",\"metadata\":{}}");
    }

    @Test
    void badRequestsAre400WithTheProtocolsCodeNamingWhatIsWrong() {
        HttpResponse<String> notJson = http().single("dark-mode", "{\"context\": {", "X-API-Key", WEB);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(field(notJson, "errorCode")).isEqualTo("PARSE_ERROR");
        assertThat(field(notJson, "key")).isEqualTo("dark-mode");
        assertThat((String) field(notJson, "errorDetails")).startsWith("request body is not valid JSON: ");

        HttpResponse<String> plainText =
                http().single("dark-mode", "context", "X-API-Key", WEB, "Content-Type", "text/plain");
        assertThat(plainText.statusCode()).isEqualTo(400);
        assertThat(field(plainText, "errorDetails"))
                .isEqualTo("request body is not valid JSON: send the body as application/json, not text/plain");

        HttpResponse<String> empty = http().single("dark-mode", "", "X-API-Key", WEB);
        assertThat(field(empty, "errorCode")).isEqualTo("PARSE_ERROR");
        assertThat(field(empty, "errorDetails")).isEqualTo("request body is missing: send {\"context\": {...}}");

        HttpResponse<String> badContext = http().single("dark-mode", context("[1]"), "X-API-Key", WEB);
        assertThat(field(badContext, "errorCode")).isEqualTo("INVALID_CONTEXT");
        assertThat(field(badContext, "errorDetails")).isEqualTo("'context' must be a JSON object, not an array");

        HttpResponse<String> bulk = http().bulk("nonsense", "X-API-Key", WEB);
        assertThat(bulk.statusCode()).isEqualTo(400);
        assertThat(field(bulk, "errorCode")).isEqualTo("PARSE_ERROR");
        assertThat(json(bulk)).doesNotContainKey("key");
    }

    @Test
    void withoutAKnownKeyIs401AndWithoutTheAuthority403BothWithoutBody() {
        for (String[] headers : List.of(new String[0], new String[] {"X-API-Key", "guessed"})) {
            HttpResponse<String> response = http().single("dark-mode", context("{}"), headers);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey header=\"X-API-Key\"");
            assertThat(response.body()).isEmpty();
            assertThat(http().bulk(context("{}"), headers).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> forbidden = http().bulk(context("{}"), "X-API-Key", "reports-key");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).isEmpty();
    }

    @Test
    void sensitiveFlagsAreForCallersTheGuardAllowsOnly() {
        HttpResponse<String> refused = http().single("payroll", context("{}"), "X-API-Key", WEB);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEmpty();
        assertThat(keys(http().bulk(context("{}"), "X-API-Key", WEB))).containsExactly("dark-mode", "banner", "paused");

        assertThat(http().single("payroll", context("{}"), "X-API-Key", "hr-key")
                        .statusCode())
                .isEqualTo(200);
        assertThat(keys(http().bulk(context("{}"), "X-API-Key", "hr-key")))
                .containsExactly("dark-mode", "banner", "paused", "payroll");
    }

    @Test
    void bulkAnswersCarryAnETagThatChangesExactlyWhenTheAnswersForThatContextDo() {
        String outsider = context("{\"targetingKey\":\"bob\",\"email\":\"bob@example.com\"}");
        String staff = context("{\"targetingKey\":\"ann\",\"email\":\"ann@flags.dev\"}");
        HttpResponse<String> first = http().bulk(outsider, "X-API-Key", "hr-key");
        assertThat(first.statusCode()).isEqualTo(200);
        String outsiderTag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(outsiderTag).matches("\"[0-9a-f]{32}\"");
        String staffTag = http().bulk(staff, "X-API-Key", "hr-key")
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        HttpResponse<String> notModified = http().bulk(outsider, "X-API-Key", "hr-key", "If-None-Match", outsiderTag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(outsiderTag);

        // Staff see a new banner; outsiders' answers stay the same.
        source.update(DefinitionsReader.read("ofrep-http-tests", FLAGS.replace("big: BIG", "big: HUGE")));
        assertThat(http().bulk(outsider, "X-API-Key", "hr-key", "If-None-Match", outsiderTag)
                        .statusCode())
                .isEqualTo(304);
        HttpResponse<String> changed = http().bulk(staff, "X-API-Key", "hr-key", "If-None-Match", staffTag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(staffTag));
        assertThat(changed.body()).contains("{\"key\":\"banner\",\"value\":\"HUGE\"");
    }

    @Test
    void beyondTheRateLimitIs429WithRetryAfterInSeconds() {
        HttpResponse<String> last = null;
        for (int i = 0; i < 40; i++) {
            last = http().single("dark-mode", context("{}"), "X-API-Key", "burst-key");
            assertThat(last.statusCode()).as("request %s", i + 1).isEqualTo(200);
        }
        HttpResponse<String> limited = http().single("dark-mode", context("{}"), "X-API-Key", "burst-key");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1, 60);
        assertThat(limited.body()).isEmpty();
        assertThat(OfrepHttp.checked(
                                dev.flags.ofrep.OfrepSchema.BULK, http().bulk(context("{}"), "X-API-Key", "burst-key"))
                        .statusCode())
                .isEqualTo(429);
        assertThat(http().single("dark-mode", context("{}"), "X-API-Key", "hr-key")
                        .statusCode())
                .as("other clients are not limited")
                .isEqualTo(200);
    }

    @Test
    void bulkAnswersAnnounceTheChangeStream() {
        assertThat(json(http().bulk(context("{}"), "X-API-Key", WEB)))
                .containsEntry(
                        "eventStreams",
                        List.of(Map.of("type", "sse", "endpoint", Map.of("requestUri", "/ofrep/v1/events"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChangeStreamSendsARefetchEventWhenFlagsChangeAndReplaysTheLatestOnReconnect() throws Exception {
        try (Stream<String> lines = events(null)) {
            BlockingQueue<String> received = read(lines);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("retry:5000");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(":ofrep change stream");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(received.poll(5, TimeUnit.SECONDS)).as("heartbeat").isEqualTo(":keep-alive");

            long before = Instant.now().getEpochSecond();
            source.update(DefinitionsReader.read("ofrep-http-tests", FLAGS.replace("big: BIG", "big: LARGE")));
            List<String> event = nextEvent(received, Duration.ofSeconds(10));
            assertThat(event).hasSize(3);
            assertThat(event.get(0)).matches("id:[0-9a-z]+-[0-9]+");
            String id = event.get(0).substring("id:".length());
            assertThat(event.get(1)).isEqualTo("event:message");
            Map<String, Object> data = JSON.readValue(event.get(2).substring("data:".length()), Map.class);
            assertThat(data).containsEntry("type", "refetchEvaluation").containsEntry("etag", id);
            assertThat(((Number) data.get("lastModified")).longValue()).isBetween(before, before + 5);

            try (Stream<String> again = events(id)) {
                BlockingQueue<String> resumed = read(again);
                assertThat(nextEvent(resumed, Duration.ofSeconds(1)))
                        .as("nothing missed, nothing replayed")
                        .isEmpty();
            }
            try (Stream<String> again = events(id.replaceAll("-[0-9]+$", "-0"))) {
                assertThat(nextEvent(read(again), Duration.ofSeconds(10)))
                        .as("an earlier id gets the latest event")
                        .isEqualTo(event);
            }
        }
    }

    @Test
    void theChangeStreamIsBehindTheSameSecurity() throws Exception {
        HttpResponse<Void> response = OfrepHttp.CLIENT.send(
                HttpRequest.newBuilder(URI.create(http().origin() + "/ofrep/v1/events"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private Stream<String> events(String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http().origin() + "/ofrep/v1/events"))
                .header("X-API-Key", WEB)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response =
                OfrepHttp.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        return response.body();
    }

    private static BlockingQueue<String> read(Stream<String> lines) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> lines.forEach(queue::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    /** The next event's lines, heartbeats and the greeting skipped; empty when none comes in time. */
    private static List<String> nextEvent(BlockingQueue<String> lines, Duration wait) throws InterruptedException {
        List<String> event = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null || line.startsWith(":") || line.startsWith("retry:")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!event.isEmpty()) {
                    return event;
                }
                continue;
            }
            event.add(line);
        }
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.readValue(response.body(), Map.class);
    }

    private static Object field(HttpResponse<String> response, String name) {
        return json(response).get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(HttpResponse<String> response) {
        List<String> keys = new ArrayList<>();
        for (Object flag : (List<Object>) json(response).get("flags")) {
            keys.add((String) ((Map<String, Object>) flag).get("key"));
        }
        return keys;
    }
}
