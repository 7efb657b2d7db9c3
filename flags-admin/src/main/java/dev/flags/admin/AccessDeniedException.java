package dev.flags.admin;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/** The actor lacks a permission or the flag is outside its scope (HTTP 403). The attempt is logged. */
public final class AccessDeniedException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String actor;
    private final Permission permission;
    private final @Nullable String key;

    AccessDeniedException(String actor, Permission permission, @Nullable String key, String message) {
        super(message);
        this.actor = actor;
        this.permission = permission;
        this.key = key;
    }

    /** The actor's name. */
    public String actor() {
        return actor;
    }

    /** The permission the request needed. */
    public Permission permission() {
        return permission;
    }

    /** The flag or segment key concerned, if any. */
    public @Nullable String key() {
        return key;
    }
}
