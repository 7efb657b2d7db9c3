package dev.flags.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the append-only change and audit log, written in the same transaction as the
 * change it describes. Sequence numbers grow by one with every change to the store, so another
 * instance that has applied everything up to {@code n} catches up with
 * {@link FlagStore#changesSince(long, int) changesSince(n, ...)}.
 *
 * @param sequence the position in the log, starting at 1
 * @param time when the change was made
 * @param kind whether a flag or a segment changed
 * @param key the flag or segment key
 * @param action what the change did
 * @param actor who made it
 * @param version the entity's version after the change; for a deletion, the version it was
 *     deleted at plus one
 * @param before the definition before the change as JSON in the definitions format, {@code null}
 *     when it was created
 * @param after the definition after the change as JSON, {@code null} when it was deleted
 * @param reason why, if given
 */
public record AuditEntry(
        long sequence,
        Instant time,
        EntityKind kind,
        String key,
        AuditAction action,
        String actor,
        long version,
        @Nullable String before,
        @Nullable String after,
        @Nullable String reason) {

    /** Checks the components. */
    public AuditEntry {
        requireNonNull(time, "time");
        requireNonNull(kind, "kind");
        requireNonNull(key, "key");
        requireNonNull(action, "action");
        requireNonNull(actor, "actor");
    }
}
