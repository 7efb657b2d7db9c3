package dev.flags.autoconfigure.console;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The CSRF token the console's page hands to its scripts, which send it back on every write. Spring
 * Security's filter puts the token in a request attribute; without Spring Security's web filters
 * there is none, and the console sends no header.
 */
@FunctionalInterface
interface ConsoleCsrf {

    /** No CSRF protection in front of the console. */
    ConsoleCsrf NONE = request -> null;

    /** The request's token, or {@code null} when no filter provided one. */
    @Nullable
    Token token(HttpServletRequest request);

    /**
     * A token and where it goes.
     *
     * @param headerName the header the server reads, {@code X-CSRF-TOKEN} by default (the scripts' calls)
     * @param parameterName the form parameter the server reads, {@code _csrf} by default (the sign-out form)
     * @param value the token
     */
    record Token(String headerName, String parameterName, String value) {}
}
