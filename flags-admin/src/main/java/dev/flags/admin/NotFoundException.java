package dev.flags.admin;

import dev.flags.store.EntityKind;
import java.io.Serial;

/** No flag or segment has the key (HTTP 404). */
public final class NotFoundException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EntityKind kind;
    private final String key;

    NotFoundException(EntityKind kind, String key) {
        super(kind.named(key) + " does not exist");
        this.kind = kind;
        this.key = key;
    }

    /** Flag or segment. */
    public EntityKind kind() {
        return kind;
    }

    /** The key asked for. */
    public String key() {
        return key;
    }
}
