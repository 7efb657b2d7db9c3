package dev.flags.autoconfigure.console;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The CSRF token the console's page hands to its scripts on WebFlux: the counterpart of
 * {@link ConsoleCsrf}. Spring Security's {@code CsrfWebFilter} puts a {@code Mono} of the token in
 * an exchange attribute; without it the console sends no header.
 */
@FunctionalInterface
interface ReactiveConsoleCsrf {

    /** No CSRF protection in front of the console. */
    ReactiveConsoleCsrf NONE = exchange -> Mono.empty();

    /** The exchange's token, or empty when no filter provided one. */
    Mono<ConsoleCsrfToken> token(ServerWebExchange exchange);
}
