package dev.flags.store;

import dev.flags.source.FlagSource;

/**
 * A {@link FlagSource} over a store that other instances write too: it follows the store's change
 * log and tells where it stands. Created by {@link FlagStores#follow}.
 */
public interface FollowingSource extends FlagSource {

    /** Where this instance stands against the store's change log. */
    FollowStatus status();

    /**
     * Asks for a check of the log's head now, as a push channel does when it hears of a change; the
     * check runs on the source's own thread and this returns at once. Harmless when nothing changed.
     */
    void wakeUp();

    /**
     * The instances that follow the same store, with where each stands against the store's head now:
     * one read of the head and one of the store's instance reports. Never throws: when the store
     * cannot be read, only this instance is listed, with the error.
     *
     * @return the listing; this instance alone for a store that keeps no reports (in memory)
     */
    Fleet fleet();
}
