package dev.flags.autoconfigure.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the console needs from the server, over real HTTP, on either stack behind the security
 * set-up of the console's docs (a login form and a session for people, HTTP Basic for scripts,
 * Spring Security's CSRF protection on): the page with its headers and CSRF token, every asset
 * with its content type, the CSRF token of the page accepted by a write to the admin API and a
 * write without it refused, the sign-out form, and nothing served to someone not signed in.
 * {@link ConsoleHttpTests} runs it on Spring MVC (Tomcat), {@link ReactiveConsoleHttpTests} on
 * WebFlux (Netty).
 */
@TestPropertySource(
        properties = {
            "spring.main.banner-mode=off",
            "spring.datasource.url=jdbc:h2:mem:console-${random.uuid};DB_CLOSE_DELAY=-1",
            "flags.store.type=memory",
            "flags.definitions.checkout.default-variant=on",
            "flags.admin.permissions.ROLE_VIEWER=read",
            "flags.admin.permissions.ROLE_EDITOR=read,write",
            "flags.admin.permissions.ROLE_ADMIN=read,write,delete,admin"
        })
abstract class ConsoleHttpContract {

    static final String CONSOLE = "/flags-console";

    static final String API = "/flags-admin/api";

    static final List<String> USERS = List.of("viewer", "editor", "admin");

    private static final Pattern CSRF_TOKEN = Pattern.compile("<meta name=\"flags-csrf-token\" content=\"([^\"]*)\">");

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void nothingIsServedToSomeoneNotSignedIn() {
        Reply page = new Session().get(CONSOLE + "/", MediaType.TEXT_HTML);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).isEqualTo(url("/login"));

        Reply script = new Session().get(CONSOLE + "/assets/console.js", MediaType.ALL);
        assertThat(script.status()).isIn(302, 401);
        assertThat(script.body()).doesNotContain("import");

        // The API never challenges with WWW-Authenticate, so a browser never caches Basic credentials.
        Reply api = new Session().get(API + "/flags", MediaType.APPLICATION_JSON);
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.headers().containsHeader(HttpHeaders.WWW_AUTHENTICATE)).isFalse();
    }

    @Test
    void thePageCarriesAStrictPolicyAndTheCsrfTokenForEveryRole() {
        for (String user : USERS) {
            Reply page = basic(user).get(CONSOLE + "/", MediaType.TEXT_HTML);
            assertThat(page.status()).as(user).isEqualTo(200);
            assertThat(page.headers().getContentType())
                    .isEqualTo(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
            assertThat(page.headers().getFirst("Content-Security-Policy"))
                    .isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
            assertThat(page.headers().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
            assertThat(page.headers().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.headers().getFirst("Referrer-Policy")).isEqualTo("same-origin");
            assertThat(page.body())
                    .contains("<meta name=\"flags-console\" content=\"/flags-console\">")
                    .contains("<meta name=\"flags-api\" content=\"/flags-admin/api\">")
                    .contains("<meta name=\"flags-csrf-header\" content=\"X-CSRF-TOKEN\">")
                    .contains("<meta name=\"flags-csrf-parameter\" content=\"_csrf\">")
                    .contains("<meta name=\"flags-logout\" content=\"/logout\">")
                    .contains("<link rel=\"stylesheet\" href=\"/flags-console/assets/console.css\">")
                    .contains("<script type=\"module\" src=\"/flags-console/assets/console.js\"></script>")
                    .doesNotContain("<script>")
                    .doesNotContain("style=");
            assertThat(csrfToken(page)).isNotBlank();
        }
        Reply withoutSlash = basic("viewer").get(CONSOLE, MediaType.TEXT_HTML);
        assertThat(withoutSlash.status()).isEqualTo(200);
        assertThat(withoutSlash.body()).contains("<meta name=\"flags-api\" content=\"/flags-admin/api\">");
    }

    @Test
    void everyAssetIsServedAsInTheJarWithItsContentTypeAndRevalidated() throws IOException {
        Resource[] assets =
                new PathMatchingResourcePatternResolver().getResources("classpath*:META-INF/flags-console/assets/*");
        List<String> names = new ArrayList<>();
        for (Resource asset : assets) {
            String name = asset.getFilename();
            names.add(name);
            Reply reply = basic("viewer").get(CONSOLE + "/assets/" + name, MediaType.ALL);
            assertThat(reply.status()).as(name).isEqualTo(200);
            MediaType expected =
                    name.endsWith(".css") ? MediaType.valueOf("text/css") : MediaType.valueOf("text/javascript");
            assertThat(reply.headers().getContentType()).as(name).isNotNull();
            assertThat(reply.headers().getContentType().getType() + "/"
                            + reply.headers().getContentType().getSubtype())
                    .as(name)
                    .isEqualTo(expected.toString());
            assertThat(reply.headers().getFirst(HttpHeaders.CACHE_CONTROL))
                    .as(name)
                    .isEqualTo("no-cache");
            assertThat(reply.headers().getFirst("X-Content-Type-Options"))
                    .as(name)
                    .isEqualTo("nosniff");
            try (InputStream in = asset.getInputStream()) {
                assertThat(reply.bytes()).as(name).isEqualTo(in.readAllBytes());
            }
        }
        assertThat(names).contains("console.js", "console.css", "api.js", "dom.js", "flags.js");
    }

    @Test
    void anAssetThatIsNotThereIsNotFound() {
        assertThat(basic("viewer")
                        .get(CONSOLE + "/assets/nope.js", MediaType.ALL)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aSessionWriteNeedsTheCsrfTokenOfThePageWhileHttpBasicNeedsNone() {
        Session editor = signIn("editor");
        String token = csrfToken(editor.get(CONSOLE + "/", MediaType.TEXT_HTML));
        String key = "console-" + UUID.randomUUID();

        assertThat(editor.postJson(API + "/flags", flag(key), null).status()).isEqualTo(403);
        assertThat(editor.postJson(API + "/flags", flag(key), "not-" + token).status())
                .isEqualTo(403);
        assertThat(editor.get(API + "/flags/" + key, MediaType.APPLICATION_JSON).status())
                .isEqualTo(404);

        Reply created = editor.postJson(API + "/flags", flag(key), token);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).contains("\"key\":\"" + key + "\"");
        // The token stays good for the session: the console sends the one its page was rendered with.
        assertThat(editor.postJson(API + "/flags", flag(key + "-2"), token).status())
                .isEqualTo(201);

        String scripted = key + "-script";
        assertThat(basic("editor")
                        .postJson(API + "/flags", flag(scripted), null)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aViewersWriteWithTheTokenPassesCsrfAndIsRefusedForItsPermissions() {
        Session viewer = signIn("viewer");
        String token = csrfToken(viewer.get(CONSOLE + "/", MediaType.TEXT_HTML));
        Reply refused = viewer.postJson(API + "/flags", flag("console-" + UUID.randomUUID()), token);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.body()).contains("\"permission\":\"WRITE\"");
    }

    @Test
    void theSessionNamesEachSignedInUserWithItsPermissions() {
        Map<String, String> expected = Map.of(
                "viewer", "{\"name\":\"viewer\",\"permissions\":[\"READ\"],\"owners\":[],\"tags\":[]}",
                "editor", "{\"name\":\"editor\",\"permissions\":[\"READ\",\"WRITE\"],\"owners\":[],\"tags\":[]}",
                "admin",
                        "{\"name\":\"admin\",\"permissions\":[\"READ\",\"WRITE\",\"DELETE\",\"ADMIN\"],"
                                + "\"owners\":[],\"tags\":[]}");
        for (String user : USERS) {
            Reply me = signIn(user).get(API + "/me", MediaType.APPLICATION_JSON);
            assertThat(me.status()).as(user).isEqualTo(200);
            assertThat(me.body()).isEqualTo(expected.get(user));
        }
    }

    @Test
    void theSignOutFormPostsTheTokenAsItsParameterAndEndsTheSession() {
        Session viewer = signIn("viewer");
        Reply page = viewer.get(CONSOLE + "/", MediaType.TEXT_HTML);
        String token = csrfToken(page);

        assertThat(viewer.postForm("/logout", "").status()).isEqualTo(403);
        assertThat(viewer.get(CONSOLE + "/", MediaType.TEXT_HTML).status()).isEqualTo(200);

        Reply out = viewer.postForm("/logout", "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).isEqualTo(url("/login?logout"));
        Reply after = viewer.get(CONSOLE + "/", MediaType.TEXT_HTML);
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).isEqualTo(url("/login"));
    }

    // ---- helpers ----

    static String flag(String key) {
        return "{\"key\": \"" + key + "\", \"default-variant\": \"on\"}";
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    static String csrfToken(Reply page) {
        Matcher matcher = CSRF_TOKEN.matcher(page.body());
        assertThat(matcher.find()).as(page.body()).isTrue();
        return matcher.group(1);
    }

    /** A script with HTTP Basic credentials and no cookies. */
    Session basic(String user) {
        Session session = new Session();
        session.authorization = "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
        return session;
    }

    /** Signs in with the login form, as a browser does. */
    Session signIn(String user) {
        Session session = new Session();
        Reply form = session.get("/login", MediaType.TEXT_HTML);
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"")
                .matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        Reply login = session.postForm(
                "/login",
                "username=" + user + "&password=" + user + "-pass&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
        assertThat(login.status()).as(login.body()).isEqualTo(302);
        assertThat(session.cookies).isNotEmpty();
        return session;
    }

    /** An answer, read whole. */
    record Reply(
            int status,
            HttpHeaders headers,
            byte[] bytes,
            @Nullable String location) {

        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A browser's cookies (the session), or HTTP Basic credentials of a script. */
    final class Session {

        final Map<String, String> cookies = new LinkedHashMap<>();

        @Nullable
        String authorization;

        Reply get(String path, MediaType accept) {
            return send(client.get().uri(path).accept(accept));
        }

        Reply postJson(String path, String body, @Nullable String csrfToken) {
            return send(client.post()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .headers(headers -> {
                        if (csrfToken != null) {
                            headers.set("X-CSRF-TOKEN", csrfToken);
                        }
                    })
                    .bodyValue(body));
        }

        Reply postForm(String path, String body) {
            return send(client.post()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.TEXT_HTML)
                    .bodyValue(body));
        }

        private Reply send(WebTestClient.RequestHeadersSpec<?> request) {
            EntityExchangeResult<byte[]> result = request.headers(headers -> {
                        if (authorization != null) {
                            headers.set(HttpHeaders.AUTHORIZATION, authorization);
                        }
                    })
                    .cookies(jar -> cookies.forEach(jar::add))
                    .exchange()
                    .expectBody()
                    .returnResult();
            for (List<ResponseCookie> named : result.getResponseCookies().values()) {
                for (ResponseCookie cookie : named) {
                    if (cookie.getMaxAge().isZero()) {
                        cookies.remove(cookie.getName());
                    } else {
                        cookies.put(cookie.getName(), cookie.getValue());
                    }
                }
            }
            byte[] body = result.getResponseBody();
            String location = result.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
            return new Reply(
                    result.getStatus().value(),
                    result.getResponseHeaders(),
                    body == null ? new byte[0] : body,
                    location == null
                            ? null
                            : URI.create(url("/")).resolve(location).toString());
        }
    }
}
