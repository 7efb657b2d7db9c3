package dev.flags;

import dev.flags.definition.Definitions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Immutable compiled flags, published whole with one volatile write. */
final class Snapshot {

    static final Snapshot EMPTY = new Snapshot(Definitions.EMPTY, new CompiledFlag[0], Map.of());

    final Definitions definitions;
    final CompiledFlag[] flags;
    /** The compiled segments the flags' conditions hold, for a reload that keeps them. */
    final Map<String, CompiledSegment> segments;

    private final FlagTable byKey;

    Snapshot(Definitions definitions, CompiledFlag[] flags, Map<String, CompiledSegment> segments) {
        this.definitions = definitions;
        this.flags = flags;
        this.segments = segments;
        this.byKey = FlagTable.of(flags);
    }

    @Nullable
    CompiledFlag flag(String key) {
        return byKey.get(key);
    }
}
