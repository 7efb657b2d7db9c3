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
 * context path, and the CSRF header and token. Values go into {@code <meta>} attributes, escaped,
 * so no inline script is needed and a strict Content-Security-Policy holds.
 */
final class ConsolePage {

    static final String LOCATION = "META-INF/flags-console/";

    private final String template;

    private final String consolePath;

    private final String apiPath;

    private final ConsoleCsrf csrf;

    ConsolePage(String consolePath, String apiPath, ConsoleCsrf csrf) {
        this.template = read(LOCATION + "index.html");
        this.consolePath = consolePath;
        this.apiPath = apiPath;
        this.csrf = csrf;
    }

    String render(HttpServletRequest request) {
        String context = request.getContextPath();
        ConsoleCsrf.Token token = csrf.token(request);
        return template.replace("{{console}}", escape(context + consolePath))
                .replace("{{api}}", escape(context + apiPath))
                .replace("{{csrf-header}}", token == null ? "" : escape(token.headerName()))
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
