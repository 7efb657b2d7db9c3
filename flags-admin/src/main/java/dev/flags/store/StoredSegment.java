package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.SegmentDefinition;
import java.time.Instant;

/**
 * A segment as a store holds it: its definition with version and timestamps.
 *
 * @param definition the definition
 * @param version starts at 1 and grows by one with every write
 * @param created when the segment was first written to the store
 * @param updated when it was last written
 */
public record StoredSegment(SegmentDefinition definition, long version, Instant created, Instant updated) {

    /** Checks the components. */
    public StoredSegment {
        requireNonNull(definition, "definition");
        requireNonNull(created, "created");
        requireNonNull(updated, "updated");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but was " + version);
        }
    }

    /** The segment key. */
    public String key() {
        return definition.key();
    }
}
