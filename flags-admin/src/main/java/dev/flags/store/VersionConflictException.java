package dev.flags.store;

import java.io.Serial;

/**
 * A write was based on another version than the current one; nothing was changed. Stores throw it
 * when a compare-and-set write finds another version, and the admin service when a request names a
 * stale version (HTTP 412 in the admin API: the If-Match ETag is stale). Read the current version
 * and decide again.
 */
public final class VersionConflictException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EntityKind kind;
    private final String key;
    private final long expectedVersion;
    private final long currentVersion;

    /**
     * Creates the exception.
     *
     * @param kind flag or segment
     * @param key the key written
     * @param expectedVersion the version the writer expected; 0 means it expected none to exist
     * @param currentVersion the version found; 0 means none exists
     */
    public VersionConflictException(EntityKind kind, String key, long expectedVersion, long currentVersion) {
        super(message(kind.named(key), expectedVersion, currentVersion));
        this.kind = kind;
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    private static String message(String what, long expected, long current) {
        if (current == 0) {
            return expected == 0
                    ? what + " does not exist"
                    : what + " was expected at version " + expected + " but does not exist";
        }
        if (expected == 0) {
            return what + " already exists (version " + current + ")";
        }
        return what + " is at version " + current + ", not " + expected;
    }

    /** Flag or segment. */
    public EntityKind kind() {
        return kind;
    }

    /** The key. */
    public String key() {
        return key;
    }

    /** The version the writer or request expected; 0 when it expected none to exist. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found; 0 when none exists. */
    public long currentVersion() {
        return currentVersion;
    }
}
