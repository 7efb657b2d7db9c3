package dev.flags.autoconfigure.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's one HTML page, read once from flags-console's jar. The server fills in what the
 * scripts need and cannot know: where the assets and the admin API are under this application's
 * context path, where the sign-out form posts, and the CSRF header, parameter and token. Values go into {@code <meta>} attributes, escaped,
 * so no inline script is needed and a strict Content-Security-Policy holds.
 */
final class ConsolePage {

    static final String LOCATION = "META-INF/flags-console/";

    private final String template;

    private final String consolePath;

    private final String apiPath;

    private final String logoutPath;

    private final ConsoleCsrf csrf;

    /**
     * Reads the page.
     *
     * @param consolePath where the console is served
     * @param apiPath where the admin API is
     * @param logoutPath where the sign-out form posts, or empty for no sign-out control
     * @param csrf the request's CSRF token
     */
    ConsolePage(String consolePath, String apiPath, String logoutPath, ConsoleCsrf csrf) {
        this.template = read(LOCATION + "index.html");
        this.consolePath = consolePath;
        this.apiPath = apiPath;
        this.logoutPath = logoutPath;
        this.csrf = csrf;
    }

    String render(HttpServletRequest request) {
        String context = request.getContextPath();
        ConsoleCsrf.Token token = csrf.token(request);
        return template.replace("{{console}}", escape(context + consolePath))
                .replace("{{api}}", escape(context + apiPath))
                .replace("{{logout}}", logoutPath.isEmpty() ? "" : escape(context + logoutPath))
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
