package dev.flags.store;

import dev.flags.definition.Definitions;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a store holds at one point of its change log.
 *
 * @param flags the flags, ordered by key
 * @param segments the segments, ordered by key
 * @param sequence the sequence number of the last change included
 */
public record StoreContents(List<StoredFlag> flags, List<StoredSegment> segments, long sequence) {

    /** Copies the components. */
    public StoreContents {
        flags = List.copyOf(flags);
        segments = List.copyOf(segments);
    }

    /** The definitions, as a source hands them to the engine. */
    public Definitions definitions() {
        return new Definitions(
                flags.stream().map(StoredFlag::definition).toList(),
                segments.stream().map(StoredSegment::definition).toList());
    }

    /** The flag with the given key, or {@code null}. */
    public @Nullable StoredFlag flag(String key) {
        for (StoredFlag flag : flags) {
            if (flag.key().equals(key)) {
                return flag;
            }
        }
        return null;
    }

    /** The segment with the given key, or {@code null}. */
    public @Nullable StoredSegment segment(String key) {
        for (StoredSegment segment : segments) {
            if (segment.key().equals(key)) {
                return segment;
            }
        }
        return null;
    }
}
