package dev.flags.store;

import dev.flags.definition.Definitions;
import dev.flags.source.FlagSource;

/**
 * A {@link FlagSource} over a store: the engine evaluates what the store holds, and every write
 * through the store makes the engine reload at once, on the writing thread.
 */
final class StoreFlagSource implements FlagSource {

    private final FlagStore store;

    StoreFlagSource(FlagStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public Definitions load() {
        return store.contents().definitions();
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        return store.watch(onChange);
    }
}
