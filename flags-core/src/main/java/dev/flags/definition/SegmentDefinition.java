package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A named set of contexts reused by many flags through {@link Operator#IN_SEGMENT}: excluded keys
 * are never in it, included keys always are, and otherwise a context is in it when all conditions
 * of at least one rule hold.
 *
 * @param key the segment key
 * @param description what the segment is for
 * @param included targeting keys always in the segment
 * @param excluded targeting keys never in the segment, whatever the rules say
 * @param rules condition lists, any of which admits a context
 */
public record SegmentDefinition(
        String key, String description, List<String> included, List<String> excluded, List<List<Condition>> rules) {

    /** Checks and copies the components. */
    public SegmentDefinition {
        requireNonNull(key, "key");
        requireNonNull(description, "description");
        included = List.copyOf(included);
        excluded = List.copyOf(excluded);
        rules = rules.stream().map(List::copyOf).toList();
    }

    /**
     * A segment of explicitly listed keys.
     *
     * @param key the segment key
     * @param included the keys in it
     * @return the segment
     */
    public static SegmentDefinition ofKeys(String key, String... included) {
        return new SegmentDefinition(key, "", List.of(included), List.of(), List.of());
    }
}
