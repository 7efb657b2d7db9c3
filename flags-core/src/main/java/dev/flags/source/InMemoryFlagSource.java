package dev.flags.source;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Definitions held in memory; {@link #update} replaces them and makes every engine watching this
 * source reload, which validates them like any other change.
 */
public final class InMemoryFlagSource implements FlagSource {

    private final String name;
    private volatile Definitions definitions;
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    InMemoryFlagSource(String name, Definitions definitions) {
        this.name = requireNonNull(name, "name");
        this.definitions = requireNonNull(definitions, "definitions");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Definitions load() {
        return definitions;
    }

    /**
     * Replaces the definitions and tells the watching engines, which apply them if valid.
     *
     * @param newDefinitions the new definitions
     */
    public void update(Definitions newDefinitions) {
        this.definitions = requireNonNull(newDefinitions, "newDefinitions");
        for (Runnable watcher : watchers) {
            watcher.run();
        }
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }
}
