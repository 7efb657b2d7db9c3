package dev.flags.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Selects audit entries; every criterion that is set must hold. Results come newest first.
 *
 * @param kind only flags or only segments, if set
 * @param key only this flag or segment key, if set
 * @param actor only changes by this actor, if set
 * @param from only changes at or after this instant, if set
 * @param until only changes before this instant, if set
 * @param limit at most this many entries, at least 1
 */
public record AuditQuery(
        @Nullable EntityKind kind,
        @Nullable String key,
        @Nullable String actor,
        @Nullable Instant from,
        @Nullable Instant until,
        int limit) {

    /** The most entries one query returns unless a limit is set. */
    public static final int DEFAULT_LIMIT = 100;

    /** Every entry, newest first, up to {@link #DEFAULT_LIMIT}. */
    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, DEFAULT_LIMIT);

    /** Checks the components. */
    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
        }
    }

    /** This query restricted to one flag. */
    public AuditQuery forFlag(String flagKey) {
        return new AuditQuery(EntityKind.FLAG, flagKey, actor, from, until, limit);
    }

    /** This query restricted to one segment. */
    public AuditQuery forSegment(String segmentKey) {
        return new AuditQuery(EntityKind.SEGMENT, segmentKey, actor, from, until, limit);
    }

    /** This query restricted to one actor. */
    public AuditQuery byActor(String actorName) {
        return new AuditQuery(kind, key, actorName, from, until, limit);
    }

    /** This query restricted to changes at or after {@code start} and before {@code end}; either may be null. */
    public AuditQuery between(@Nullable Instant start, @Nullable Instant end) {
        return new AuditQuery(kind, key, actor, start, end, limit);
    }

    /** This query with another limit. */
    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(kind, key, actor, from, until, newLimit);
    }

    /** Whether an entry matches this query (ignoring the limit). */
    public boolean matches(AuditEntry entry) {
        return (kind == null || entry.kind() == kind)
                && (key == null || entry.key().equals(key))
                && (actor == null || entry.actor().equals(actor))
                && (from == null || !entry.time().isBefore(from))
                && (until == null || entry.time().isBefore(until));
    }
}
