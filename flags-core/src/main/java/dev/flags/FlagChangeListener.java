package dev.flags;

import java.util.Set;

/**
 * Told when flag definitions change, fail to load, or load again after a failure. Called on the
 * thread that reloaded; a listener that throws is logged and does not affect others or evaluation.
 */
public interface FlagChangeListener {

    /**
     * Definitions changed; the given flags may now evaluate differently (their own definition, a
     * segment they use, or a prerequisite changed, or they were added or removed).
     *
     * @param changedKeys the affected flag keys, never empty
     */
    void flagsChanged(Set<String> changedKeys);

    /**
     * A source loaded and its definitions were applied, whether or not any flag changed. Called
     * before {@link #loadRecovered} and {@link #flagsChanged} for the same load.
     *
     * @param source the source's name
     */
    default void loadSucceeded(String source) {}

    /**
     * A source failed to load; the last good definitions stay in force.
     *
     * @param source the source's name
     * @param error what went wrong, usually a {@link dev.flags.definition.DefinitionsException}
     */
    default void loadFailed(String source, RuntimeException error) {}

    /**
     * A source that had failed loaded successfully again.
     *
     * @param source the source's name
     */
    default void loadRecovered(String source) {}
}
