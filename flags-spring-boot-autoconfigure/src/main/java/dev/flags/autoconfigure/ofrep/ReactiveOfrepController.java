package dev.flags.autoconfigure.ofrep;

import dev.flags.ofrep.OfrepRateLimiter;
import dev.flags.ofrep.OfrepResponse;
import dev.flags.ofrep.OfrepServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * The two OFREP evaluation endpoints on WebFlux, answering as the Spring MVC binding
 * ({@link OfrepController}) does: the application's JSON decoder reads the body, {@link OfrepServer}
 * answers as the exchange's caller ({@link ReactiveOfrepCaller}, for the sensitive-flag guard), this
 * class writes status, headers and body. A body that is not JSON, or not sent as JSON, is the
 * protocol's 400 {@code PARSE_ERROR}. Evaluation is in memory and does not block, so it runs where
 * the exchange does.
 */
@RestController
@RequestMapping("${flags.ofrep.base-path:/ofrep}/v1/evaluate")
final class ReactiveOfrepController {

    private static final String KEY = "key";

    private final OfrepServer server;

    private final @Nullable OfrepRateLimiter rateLimiter;

    private final ReactiveOfrepCaller caller;

    ReactiveOfrepController(OfrepServer server, @Nullable OfrepRateLimiter rateLimiter, ReactiveOfrepCaller caller) {
        this.server = server;
        this.rateLimiter = rateLimiter;
        this.caller = caller;
    }

    @PostMapping("/flags/{key}")
    Mono<ResponseEntity<Object>> evaluate(
            @PathVariable(KEY) String key,
            @RequestBody(required = false) @Nullable Object body,
            ServerWebExchange exchange) {
        return limited(rateLimiter, exchange)
                .switchIfEmpty(caller.run(() -> server.evaluate(key, body)))
                .map(OfrepEntities::write);
    }

    // flagConfigEtag and flagConfigLastModified (ADR-0008) are accepted and not needed, as on Spring MVC.
    @PostMapping("/flags")
    Mono<ResponseEntity<Object>> evaluateAll(
            @RequestBody(required = false) @Nullable Object body,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
            ServerWebExchange exchange) {
        return limited(rateLimiter, exchange)
                .switchIfEmpty(caller.run(() -> server.evaluateAll(body, ifNoneMatch)))
                .map(OfrepEntities::write);
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<Object> notJson(UnsupportedMediaTypeStatusException ex, ServerWebExchange exchange) {
        return OfrepEntities.write(server.parseError(key(exchange), OfrepEntities.notJson(ex.getContentType())));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Object> unreadable(ServerWebInputException ex, ServerWebExchange exchange) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
        String message = cause == ex ? ex.getReason() : cause.getMessage();
        return OfrepEntities.write(server.parseError(key(exchange), OfrepEntities.firstLine(message)));
    }

    /** 429 when the caller is over the rate limit, else empty. */
    static Mono<OfrepResponse> limited(@Nullable OfrepRateLimiter rateLimiter, ServerWebExchange exchange) {
        if (rateLimiter == null) {
            return Mono.empty();
        }
        return client(exchange).mapNotNull(client -> {
            Duration wait = rateLimiter.acquire(client);
            return wait == null ? null : OfrepServer.tooManyRequests(wait);
        });
    }

    /** Who a rate limit counts: the authenticated caller, else the address the request came from. */
    static Mono<String> client(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = "address:"
                + (remote == null
                        ? "unknown"
                        : remote.getAddress() == null
                                ? remote.getHostString()
                                : remote.getAddress().getHostAddress());
        return exchange.getPrincipal()
                .map(principal -> "principal:" + principal.getName())
                .defaultIfEmpty(address);
    }

    private static @Nullable String key(ServerWebExchange exchange) {
        Object variables = exchange.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map && map.get(KEY) instanceof String key ? key : null;
    }
}
