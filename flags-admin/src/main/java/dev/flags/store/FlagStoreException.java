package dev.flags.store;

import java.io.Serial;

/** A store could not be read or written, for example because its database failed; nothing was changed. */
public final class FlagStoreException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause why
     */
    public FlagStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
