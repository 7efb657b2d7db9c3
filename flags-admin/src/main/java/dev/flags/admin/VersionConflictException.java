package dev.flags.admin;

import dev.flags.store.EntityKind;
import java.io.Serial;

/**
 * The request was based on another version than the current one (HTTP 412: the If-Match ETag is
 * stale). Nothing was changed; read the current version and decide again.
 */
public final class VersionConflictException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EntityKind kind;
    private final String key;
    private final long expectedVersion;
    private final long currentVersion;

    VersionConflictException(EntityKind kind, String key, long expectedVersion, long currentVersion, Throwable cause) {
        super(
                (kind == EntityKind.FLAG ? "Flag '" : "Segment '") + key + "' is at version " + currentVersion
                        + ", not " + expectedVersion,
                cause);
        this.kind = kind;
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    VersionConflictException(EntityKind kind, String key, long expectedVersion, long currentVersion) {
        super((kind == EntityKind.FLAG ? "Flag '" : "Segment '") + key + "' is at version " + currentVersion + ", not "
                + expectedVersion);
        this.kind = kind;
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    /** Flag or segment. */
    public EntityKind kind() {
        return kind;
    }

    /** The key. */
    public String key() {
        return key;
    }

    /** The version the request expected. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found (0 when the entity no longer exists). */
    public long currentVersion() {
        return currentVersion;
    }
}
