package dev.flags.autoconfigure.console;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The token of Spring Security's {@code CsrfFilter}. Reading it resolves the deferred token (and
 * stores it, in the session by default), which is what a page that renders the token must do; the
 * value is the masked form the filter accepts in the header.
 */
final class SecurityConsoleCsrf implements ConsoleCsrf {

    @Override
    public @Nullable ConsoleCsrfToken token(HttpServletRequest request) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            return new ConsoleCsrfToken(token.getHeaderName(), token.getParameterName(), token.getToken());
        }
        return null;
    }
}
