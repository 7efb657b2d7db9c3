package dev.flags.autoconfigure.console;

import dev.flags.autoconfigure.FlagsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's one HTML page, read once from flags-console's jar, and the answer that carries it
 * on either stack ({@link FlagsConsoleController} on Spring MVC, {@link ReactiveFlagsConsoleController}
 * on WebFlux). The server fills in what the scripts need and cannot know: where the assets and the
 * admin API are under this application's context path, where the sign-out form posts, and the CSRF
 * header, parameter and token. Values go into {@code <meta>} attributes, escaped, so no inline
 * script is needed and a strict Content-Security-Policy holds.
 */
final class ConsolePage {

    static final String LOCATION = "META-INF/flags-console/";

    /** Where the assets are read from, as a resource handler location. */
    static final String ASSETS = "classpath:/" + LOCATION + "assets/";

    /** Nothing inline, nothing from elsewhere; images only for the console's own icons. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
            + " base-uri 'none'";

    /** The assets are revalidated on every load (ETag/Last-Modified), so an upgrade never meets stale scripts. */
    static final CacheControl ASSETS_CACHE = CacheControl.noCache();

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final String template;

    private final String consolePath;

    private final String apiPath;

    private final String logoutPath;

    /**
     * Reads the page.
     *
     * @param consolePath where the console is served
     * @param apiPath where the admin API is
     * @param logoutPath where the sign-out form posts, or empty for no sign-out control
     */
    ConsolePage(String consolePath, String apiPath, String logoutPath) {
        this.template = read(LOCATION + "index.html");
        this.consolePath = consolePath;
        this.apiPath = apiPath;
        this.logoutPath = logoutPath;
    }

    /** The page of the configured paths, checked. */
    static ConsolePage of(FlagsProperties properties) {
        return new ConsolePage(
                path(properties),
                properties.getAdmin().getBasePath(),
                checkedLogout(properties.getConsole().getLogoutPath()));
    }

    /** The console's path as configured, checked: the controllers map it verbatim, the assets live below it. */
    static String path(FlagsProperties properties) {
        String path = properties.getConsole().getPath();
        if (!path.startsWith("/") || path.endsWith("/") || path.isBlank() || path.contains("*")) {
            throw new IllegalStateException("flags.console.path must start with '/', not end with '/' and hold no"
                    + " wildcard, such as /flags-console or /ops/flags; it is '" + path + "'");
        }
        return path;
    }

    /** The pattern the assets are served at, below the console's path. */
    static String assets(FlagsProperties properties) {
        return path(properties) + "/assets/**";
    }

    /** The logout path as configured, checked: empty (no sign-out control) or a path. */
    private static String checkedLogout(String path) {
        String trimmed = path.trim();
        if (!trimmed.isEmpty() && !trimmed.startsWith("/")) {
            throw new IllegalStateException("flags.console.logout-path must be empty (no sign-out control) or start"
                    + " with '/', such as /logout; it is '" + path + "'");
        }
        return trimmed;
    }

    /**
     * The page with the headers that keep it safe: a Content-Security-Policy allowing only the
     * console's own scripts, styles and calls, no framing, no caching (the page carries a CSRF
     * token), no MIME sniffing.
     *
     * @param contextPath the application's context path (base path on WebFlux), empty at the root
     * @param token the request's CSRF token, or {@code null} for none
     */
    ResponseEntity<String> response(String contextPath, @Nullable ConsoleCsrfToken token) {
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .body(render(contextPath, token));
    }

    String render(String contextPath, @Nullable ConsoleCsrfToken token) {
        return template.replace("{{console}}", escape(contextPath + consolePath))
                .replace("{{api}}", escape(contextPath + apiPath))
                .replace("{{logout}}", logoutPath.isEmpty() ? "" : escape(contextPath + logoutPath))
                .replace("{{csrf-header}}", token == null ? "" : escape(token.headerName()))
                .replace("{{csrf-parameter}}", token == null ? "" : escape(token.parameterName()))
                .replace("{{csrf-token}}", token == null ? "" : escape(token.value()));
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
    }

    private static String read(String location) {
        try (InputStream in = new ClassPathResource(location, ConsolePage.class.getClassLoader()).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the console page " + location + " from flags-console", ex);
        }
    }
}
