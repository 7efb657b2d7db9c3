package dev.flags.store;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a successful flag write: the flag as stored and the audit entry written with it.
 *
 * @param flag the flag with its new version and timestamps
 * @param entry the audit entry
 */
public record FlagChange(StoredFlag flag, AuditEntry entry) {

    /** Checks the components. */
    public FlagChange {
        requireNonNull(flag, "flag");
        requireNonNull(entry, "entry");
    }
}
