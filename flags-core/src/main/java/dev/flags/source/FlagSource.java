package dev.flags.source;

import dev.flags.definition.Definitions;

/**
 * Where flag definitions come from: a file, a classpath resource, a store, a remote service. The
 * engine loads every source, validates them together and publishes the result as one snapshot.
 * Implementations must be thread-safe.
 */
public interface FlagSource {

    /** Names the source in error messages and logs, for example a file name. */
    String name();

    /**
     * Reads the definitions as they are now. The structure must be well-formed; the engine checks
     * meaning across all sources.
     *
     * @return the definitions
     * @throws dev.flags.definition.DefinitionsException when they cannot be read, listing every
     *     problem
     * @throws java.io.UncheckedIOException when the source cannot be reached
     */
    Definitions load();

    /**
     * Starts calling {@code onChange} whenever the definitions may have changed; a source that never
     * changes does nothing.
     *
     * @param onChange called, on any thread, to make the engine load this source again
     * @return stops watching when closed
     */
    default AutoCloseable watch(Runnable onChange) {
        return () -> {};
    }

    /**
     * Tells the source that the engine validated and applied the definitions its last
     * {@link #load()} returned, so that a source can record what is in force (a store follower
     * records the sequence number and writes its backup) without validating them a second time.
     * Not called for definitions the engine refused.
     *
     * @param definitions the definitions applied, the very object {@link #load()} returned
     */
    default void applied(Definitions definitions) {}
}
