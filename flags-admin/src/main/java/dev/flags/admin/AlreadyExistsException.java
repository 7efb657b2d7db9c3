package dev.flags.admin;

import dev.flags.store.EntityKind;
import java.io.Serial;

/** A flag or segment with the key exists already (HTTP 409). */
public final class AlreadyExistsException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EntityKind kind;
    private final String key;

    AlreadyExistsException(EntityKind kind, String key) {
        super(kind.named(key) + " already exists");
        this.kind = kind;
        this.key = key;
    }

    /** Flag or segment. */
    public EntityKind kind() {
        return kind;
    }

    /** The key. */
    public String key() {
        return key;
    }
}
