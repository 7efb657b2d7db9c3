package dev.flags.admin;

import java.io.Serial;

/** The caller is {@link Actor#ANONYMOUS} (HTTP 401). */
public final class NotAuthenticatedException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    NotAuthenticatedException() {
        super("Authentication is required to manage flags");
    }
}
