package dev.flags;

import dev.flags.definition.Definitions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Immutable compiled flags, published whole with one volatile write. */
final class Snapshot {

    static final Snapshot EMPTY = new Snapshot(Definitions.EMPTY, new CompiledFlag[0], Map.of());

    final Definitions definitions;
    final CompiledFlag[] flags;
    private final Map<String, CompiledFlag> byKey;

    Snapshot(Definitions definitions, CompiledFlag[] flags, Map<String, CompiledFlag> byKey) {
        this.definitions = definitions;
        this.flags = flags;
        this.byKey = byKey;
    }

    @Nullable
    CompiledFlag flag(String key) {
        return byKey.get(key);
    }
}
