package dev.flags.autoconfigure.store;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.source.FlagSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The application's definitions (properties and files) as one set: what seeds a store, and what {@code files} serves. */
final class SeedDefinitions {

    private SeedDefinitions() {}

    /**
     * Loads every source and puts their definitions together.
     *
     * @throws IllegalStateException when two sources define the same key
     */
    static Definitions merge(List<FlagSource> sources) {
        Map<String, FlagDefinition> flags = new LinkedHashMap<>();
        Map<String, SegmentDefinition> segments = new LinkedHashMap<>();
        for (FlagSource source : sources) {
            Definitions loaded = source.load();
            for (FlagDefinition flag : loaded.flags()) {
                if (flags.putIfAbsent(flag.key(), flag) != null) {
                    throw new IllegalStateException(
                            "Flag '" + flag.key() + "' is defined twice; the second time in " + source.name());
                }
            }
            for (SegmentDefinition segment : loaded.segments()) {
                if (segments.putIfAbsent(segment.key(), segment) != null) {
                    throw new IllegalStateException(
                            "Segment '" + segment.key() + "' is defined twice; the second time in " + source.name());
                }
            }
        }
        return new Definitions(List.copyOf(flags.values()), List.copyOf(segments.values()));
    }
}
