package dev.flags.autoconfigure.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the console's page at {@code flags.console.path}, with and without a trailing slash, and
 * the headers that keep it safe: a Content-Security-Policy allowing only the console's own scripts,
 * styles and calls, no framing, no caching (the page carries a CSRF token), no MIME sniffing.
 */
@Controller
@RequestMapping("${flags.console.path:/flags-console}")
final class FlagsConsoleController {

    /** Nothing inline, nothing from elsewhere; images only for the console's own icons. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
            + " base-uri 'none'";

    private final ConsolePage page;

    FlagsConsoleController(ConsolePage page) {
        this.page = page;
    }

    @GetMapping({"", "/"})
    @ResponseBody
    ResponseEntity<String> page(HttpServletRequest request) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .body(page.render(request));
    }
}
