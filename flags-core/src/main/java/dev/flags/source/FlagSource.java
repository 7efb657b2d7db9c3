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
}
