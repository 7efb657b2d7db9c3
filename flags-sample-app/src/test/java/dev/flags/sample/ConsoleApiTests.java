package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the console needs from the server, over real HTTP against the sample (the same context as
 * {@link ConsoleBrowserTests}, so it starts once): the page with its security headers and CSRF
 * token, the session and CSRF rules of the sample's security, and the admin API's additions for
 * the console (who am I, allowed transitions, explain, the event stream).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleApiTests {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().build();

    @Test
    void thePageNeedsASignInAndCarriesAStrictPolicyAndTheCsrfToken() throws Exception {
        HttpResponse<String> anonymous = send(get("/flags-console/").header("Accept", "text/html"));
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValue(url("/login"));

        HttpResponse<String> page = send(get("/flags-console/").header("Authorization", basic("viewer")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body())
                .contains("<meta name=\"flags-api\" content=\"/flags-admin/api\">")
                .contains("<meta name=\"flags-csrf-header\" content=\"X-CSRF-TOKEN\">")
                .contains("<script type=\"module\" src=\"/flags-console/assets/console.js\"></script>")
                .doesNotContain("<script>")
                .doesNotContain("style=");
        assertThat(csrfToken(page.body())).isNotBlank();

        HttpResponse<String> script =
                send(get("/flags-console/assets/console.js").header("Authorization", basic("viewer")));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    }

    @Test
    void aSessionWriteNeedsTheCsrfTokenOfThePageWhileHttpBasicNeedsNone() throws Exception {
        String session = signIn("editor");
        HttpResponse<String> page = send(get("/flags-console/").header("Cookie", session));
        String token = csrfToken(page.body());

        String rules = "{\"when\": [{\"attribute\": \"plan\", \"operator\": \"equals\", \"value\": \"gold\"}],"
                + " \"serve\": \"sale\"}";
        HttpRequest.Builder withoutToken =
                json("PUT", "/flags-admin/api/flags/banner/rules/gold", rules).header("Cookie", session);
        assertThat(send(withoutToken).statusCode()).isEqualTo(403);

        HttpRequest.Builder withToken = json("PUT", "/flags-admin/api/flags/banner/rules/gold", rules)
                .header("Cookie", session)
                .header("X-CSRF-TOKEN", token);
        assertThat(send(withToken).statusCode()).isEqualTo(200);

        HttpRequest.Builder script =
                json("DELETE", "/flags-admin/api/flags/banner/rules/gold", "").header("Authorization", basic("editor"));
        assertThat(send(script).statusCode()).isEqualTo(200);

        // The API never challenges with WWW-Authenticate, so a browser never caches Basic credentials.
        HttpResponse<String> anonymous = send(get("/flags-admin/api/flags"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void meTellsWhoTheCallerIsAndWhatItMayDo() throws Exception {
        assertThat(send(get("/flags-admin/api/me").header("Authorization", basic("editor")))
                        .body())
                .isEqualTo("{\"name\":\"editor\",\"permissions\":[\"READ\",\"WRITE\"],\"owners\":[],\"tags\":[]}");
        assertThat(send(get("/flags-admin/api/me").header("Authorization", basic("admin")))
                        .body())
                .isEqualTo("{\"name\":\"admin\",\"permissions\":[\"READ\",\"WRITE\",\"DELETE\",\"ADMIN\"],"
                        + "\"owners\":[],\"tags\":[]}");
    }

    @Test
    void transitionsListTheMovesTheStateMachineAllowsAndWhetherTheCallerMayMakeThem() throws Exception {
        String body = send(get("/flags-admin/api/flags/payments/transitions").header("Authorization", basic("editor")))
                .body();
        assertThat(body)
                .isEqualTo("{\"key\":\"payments\",\"version\":1,\"status\":\"active\",\"transitions\":["
                        + "{\"status\":\"scheduled\",\"via\":\"status\",\"permission\":\"WRITE\",\"permitted\":true},"
                        + "{\"status\":\"paused\",\"via\":\"status\",\"permission\":\"WRITE\",\"permitted\":true},"
                        + "{\"status\":\"emergency-off\",\"via\":\"emergency-off\",\"permission\":\"ADMIN\","
                        + "\"permitted\":false}]}");
    }

    @Test
    void explainEvaluatesAStoredFlagForAContext() throws Exception {
        HttpResponse<String> response = send(json(
                        "POST",
                        "/flags-admin/api/flags/free-shipping-threshold/explain",
                        "{\"targetingKey\": \"ann\", \"attributes\": {\"plan\": \"premium\"}}")
                .header("Authorization", basic("viewer")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"key\":\"free-shipping-threshold\",\"value\":25.0,\"variant\":\"generous\","
                        + "\"reason\":\"TARGETING_MATCH\",\"errorCode\":null,\"detail\":null,\"rule\":\"premium\"");

        HttpResponse<String> bad =
                send(json("POST", "/flags-admin/api/flags/free-shipping-threshold/explain", "{\"groups\": \"beta\"}")
                        .header("Authorization", basic("viewer")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"errors\":[{\"path\":\"groups\",\"message\":\"must be a list of strings\"}]");
    }

    @Test
    void theEventStreamTellsAReaderOfEveryChange() throws Exception {
        HttpResponse<String> anonymous = send(get("/flags-admin/api/events"));
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<InputStream> stream = http.send(
                get("/flags-admin/api/events")
                        .header("Authorization", basic("viewer"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("retry:2000");
            assertThat(lines.readLine()).isEqualTo("event:ready");
            assertThat(lines.readLine()).isEqualTo("data:{\"heartbeat\":20000,\"maxLifetime\":1800000}");
            assertThat(lines.readLine()).isEmpty();

            CompletableFuture<List<String>> next = CompletableFuture.supplyAsync(() -> readEvents(lines, 2));
            assertThat(send(json("PUT", "/flags-admin/api/flags/banner/targets/sale", "[\"sse-reader\"]")
                                    .header("Authorization", basic("editor")))
                            .statusCode())
                    .isEqualTo(200);
            List<String> events = next.get(10, TimeUnit.SECONDS);
            assertThat(events)
                    .anySatisfy(
                            event -> assertThat(event).isEqualTo("event:flags-changed\ndata:{\"keys\":[\"banner\"]}"));
            assertThat(events)
                    .anySatisfy(event -> assertThat(event)
                            .startsWith("event:audit\ndata:{\"sequence\":")
                            .contains(
                                    "\"kind\":\"flag\",\"key\":\"banner\",\"action\":\"UPDATE\",\"actor\":\"editor\""));
        }
    }

    // ---- helpers ----

    static List<String> readEvents(BufferedReader lines, int count) {
        List<String> events = new ArrayList<>();
        StringBuilder event = new StringBuilder();
        try {
            while (events.size() < count) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                if (line.isEmpty()) {
                    if (!event.isEmpty() && !event.toString().startsWith(":")) {
                        events.add(event.toString());
                    }
                    event.setLength(0);
                } else {
                    event.append(event.isEmpty() ? "" : "\n").append(line);
                }
            }
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        return events;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).GET();
    }

    HttpRequest.Builder json(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user) {
        return "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
    }

    static String csrfToken(String page) {
        Matcher matcher = Pattern.compile("<meta name=\"flags-csrf-token\" content=\"([^\"]*)\">")
                .matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** Signs in with the login form, as a browser does; the session cookie. */
    String signIn(String user) throws Exception {
        HttpResponse<String> form = send(get("/login"));
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"")
                .matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "username=" + user + "&password=" + user + "-pass&_csrf=" + csrf.group(1))));
        assertThat(login.statusCode()).isEqualTo(302);
        return login.headers().firstValue("Set-Cookie").orElse(cookie).split(";")[0];
    }
}
