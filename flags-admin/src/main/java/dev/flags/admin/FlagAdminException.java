package dev.flags.admin;

import dev.flags.store.VersionConflictException;
import java.io.Serial;

/**
 * A request to the admin service was refused; nothing was changed. Each subclass stands for one
 * answer a REST layer gives:
 *
 * <ul>
 *   <li>{@link ValidationException}: 400, with every definition error and its path
 *   <li>{@link NotAuthenticatedException}: 401
 *   <li>{@link AccessDeniedException}: 403
 *   <li>{@link NotFoundException}: 404
 *   <li>{@link IllegalTransitionException}: 409, with the allowed target statuses
 *   <li>{@link AlreadyExistsException}: 409
 * </ul>
 *
 * <p>A stale version is {@link VersionConflictException} (412: the ETag / If-Match version is
 * stale), the one exception stores and the service throw for it, so it lives with the stores.
 */
public abstract class FlagAdminException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    FlagAdminException(String message) {
        super(message);
    }

    FlagAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
