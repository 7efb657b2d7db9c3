package dev.flags.autoconfigure.admin;

import java.io.Serial;

/**
 * A request body larger than {@code flags.admin.max-request-size}, found before or while it is read
 * ({@link FlagsAdminRequestLimit} on Spring MVC, {@link ReactiveFlagsAdminRequestLimit} on WebFlux);
 * answered with 413.
 */
final class RequestTooLargeException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long limit;

    RequestTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes (flags.admin.max-request-size)", null, false, false);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
