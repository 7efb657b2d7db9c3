package dev.flags.autoconfigure.webflux;

import dev.flags.annotation.FeatureDisabledException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns a {@link FeatureDisabledException} that left a WebFlux handler into the configured status
 * (404 by default), which Spring Boot's error handler then renders as it renders any other. Runs
 * after the application's own {@code @ExceptionHandler}s, before Boot's error handler.
 */
final class FeatureDisabledWebExceptionHandler implements WebExceptionHandler, Ordered {

    /** Before Spring Boot's {@code ErrorWebExceptionHandler} (order -1). */
    static final int ORDER = -2;

    private final HttpStatusCode status;

    FeatureDisabledWebExceptionHandler(int status) {
        this.status = HttpStatusCode.valueOf(status);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof FeatureDisabledException disabled) {
            return Mono.error(new ResponseStatusException(status, disabled.getMessage(), disabled));
        }
        return Mono.error(ex);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
