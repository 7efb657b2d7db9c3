package dev.flags.autoconfigure.console;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The token of Spring Security's reactive {@code CsrfWebFilter}, a {@code Mono<CsrfToken>} in the
 * exchange attribute named after {@link CsrfToken}. Subscribing to it loads the token or generates
 * and saves one (through the {@code ServerCsrfTokenRepository}, in the web session by default),
 * which is what a page that renders the token must do; the value is the masked form the filter
 * accepts in the header and the form parameter.
 */
final class ReactiveSecurityConsoleCsrf implements ReactiveConsoleCsrf {

    @Override
    public Mono<ConsoleCsrfToken> token(ServerWebExchange exchange) {
        if (exchange.getAttribute(CsrfToken.class.getName()) instanceof Mono<?> token) {
            return token.ofType(CsrfToken.class)
                    .map(csrf -> new ConsoleCsrfToken(csrf.getHeaderName(), csrf.getParameterName(), csrf.getToken()));
        }
        return Mono.empty();
    }
}
