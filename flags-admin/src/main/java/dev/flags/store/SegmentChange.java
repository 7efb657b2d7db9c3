package dev.flags.store;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a successful segment write: the segment as stored and the audit entry written
 * with it.
 *
 * @param segment the segment with its new version and timestamps
 * @param entry the audit entry
 */
public record SegmentChange(StoredSegment segment, AuditEntry entry) {

    /** Checks the components. */
    public SegmentChange {
        requireNonNull(segment, "segment");
        requireNonNull(entry, "entry");
    }
}
