package dev.flags.autoconfigure.console;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The CSRF token the console's page hands to its scripts on Spring MVC, which send it back on every
 * write. Spring Security's filter puts the token in a request attribute; without Spring Security's
 * web filters there is none, and the console sends no header. {@link ReactiveConsoleCsrf} is the
 * WebFlux counterpart.
 */
@FunctionalInterface
interface ConsoleCsrf {

    /** No CSRF protection in front of the console. */
    ConsoleCsrf NONE = request -> null;

    /** The request's token, or {@code null} when no filter provided one. */
    @Nullable
    ConsoleCsrfToken token(HttpServletRequest request);
}
