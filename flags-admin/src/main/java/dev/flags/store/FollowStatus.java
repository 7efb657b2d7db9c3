package dev.flags.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where an instance stands against its store's change log.
 *
 * @param store the store's name
 * @param applied the sequence number of the last change this instance applied; 0 before any
 * @param head the store's head sequence number when last seen
 * @param lastContact when the store last answered, or {@code null} when it never did
 * @param staleSince since when the store cannot be read, or {@code null} while it can
 * @param lastError the last failure reading the store, or {@code null}
 * @param servingBackup whether the definitions in force came from the backup file or the files,
 *     not from the store
 * @param fullReloads how many times the whole store was read, at startup or after a gap in the log
 */
public record FollowStatus(
        String store,
        long applied,
        long head,
        @Nullable Instant lastContact,
        @Nullable Instant staleSince,
        @Nullable String lastError,
        boolean servingBackup,
        long fullReloads) {

    /** How many changes this instance is behind the head it last saw. */
    public long lag() {
        return Math.max(0, head - applied);
    }

    /** Whether the definitions in force may be out of date because the store cannot be read. */
    public boolean stale() {
        return staleSince != null || servingBackup;
    }
}
