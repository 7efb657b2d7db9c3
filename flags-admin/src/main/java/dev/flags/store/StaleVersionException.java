package dev.flags.store;

import java.io.Serial;

/**
 * A compare-and-set write found another version than it expected; nothing was changed. Read the
 * current version and try again, or report the conflict (HTTP 412 in the admin API).
 */
public final class StaleVersionException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final EntityKind kind;
    private final String key;
    private final long expectedVersion;
    private final long actualVersion;

    /**
     * Creates the exception.
     *
     * @param kind flag or segment
     * @param key the key written
     * @param expectedVersion the version the writer expected; 0 means it expected none to exist
     * @param actualVersion the version found; 0 means none exists
     */
    public StaleVersionException(EntityKind kind, String key, long expectedVersion, long actualVersion) {
        super(message(kind, key, expectedVersion, actualVersion));
        this.kind = kind;
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    private static String message(EntityKind kind, String key, long expected, long actual) {
        String what = (kind == EntityKind.FLAG ? "flag '" : "segment '") + key + "'";
        if (actual == 0) {
            return expected == 0
                    ? what + " does not exist"
                    : what + " was expected at version " + expected + " but does not exist";
        }
        if (expected == 0) {
            return what + " already exists (version " + actual + ")";
        }
        return what + " was expected at version " + expected + " but is at version " + actual;
    }

    /** Flag or segment. */
    public EntityKind kind() {
        return kind;
    }

    /** The key written. */
    public String key() {
        return key;
    }

    /** The version the writer expected; 0 when it expected none to exist. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found; 0 when none exists. */
    public long actualVersion() {
        return actualVersion;
    }
}
