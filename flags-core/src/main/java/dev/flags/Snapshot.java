package dev.flags;

import dev.flags.definition.Definitions;
import org.jspecify.annotations.Nullable;

/** Immutable compiled flags, published whole with one volatile write. */
final class Snapshot {

    static final Snapshot EMPTY = new Snapshot(Definitions.EMPTY, new CompiledFlag[0]);

    final Definitions definitions;
    final CompiledFlag[] flags;
    private final FlagTable byKey;

    Snapshot(Definitions definitions, CompiledFlag[] flags) {
        this.definitions = definitions;
        this.flags = flags;
        this.byKey = FlagTable.of(flags);
    }

    @Nullable
    CompiledFlag flag(String key) {
        return byKey.get(key);
    }
}
