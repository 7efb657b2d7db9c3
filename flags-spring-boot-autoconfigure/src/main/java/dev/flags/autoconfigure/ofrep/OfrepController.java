package dev.flags.autoconfigure.ofrep;

import dev.flags.ofrep.OfrepRateLimiter;
import dev.flags.ofrep.OfrepResponse;
import dev.flags.ofrep.OfrepServer;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The two OFREP evaluation endpoints on Spring MVC: the application's JSON converter reads the
 * body, {@link OfrepServer} answers, this class writes status, headers and body. A body that is not
 * JSON, or not sent as JSON, is the protocol's 400 {@code PARSE_ERROR}, not Spring's error page.
 */
@RestController
@RequestMapping("${flags.ofrep.base-path:/ofrep}/v1/evaluate")
final class OfrepController {

    private static final String KEY = "key";

    private final OfrepServer server;

    private final @Nullable OfrepRateLimiter rateLimiter;

    OfrepController(OfrepServer server, @Nullable OfrepRateLimiter rateLimiter) {
        this.server = server;
        this.rateLimiter = rateLimiter;
    }

    @PostMapping("/flags/{key}")
    ResponseEntity<Object> evaluate(
            @PathVariable(KEY) String key,
            @RequestBody(required = false) @Nullable Object body,
            HttpServletRequest request) {
        OfrepResponse refused = limited(request);
        return OfrepEntities.write(refused != null ? refused : server.evaluate(key, body));
    }

    // flagConfigEtag and flagConfigLastModified (ADR-0008) are accepted and not needed: every
    // evaluation reads the definitions in force, so a re-fetch after an event is never stale.
    @PostMapping("/flags")
    ResponseEntity<Object> evaluateAll(
            @RequestBody(required = false) @Nullable Object body,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
            HttpServletRequest request) {
        OfrepResponse refused = limited(request);
        return OfrepEntities.write(refused != null ? refused : server.evaluateAll(body, ifNoneMatch));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
        return OfrepEntities.write(server.parseError(
                key(request), OfrepEntities.firstLine(ex.getMostSpecificCause().getMessage())));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> notJson(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
        MediaType type = ex.getContentType();
        return OfrepEntities.write(server.parseError(key(request), OfrepEntities.notJson(type)));
    }

    private @Nullable OfrepResponse limited(HttpServletRequest request) {
        if (rateLimiter == null) {
            return null;
        }
        Duration wait = rateLimiter.acquire(client(request));
        return wait == null ? null : OfrepServer.tooManyRequests(wait);
    }

    /** Who a rate limit counts: the authenticated caller, else the address the request came from. */
    static String client(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null ? "principal:" + principal.getName() : "address:" + request.getRemoteAddr();
    }

    private static @Nullable String key(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map && map.get(KEY) instanceof String key ? key : null;
    }
}
