package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.source.FlagSource;
import java.time.Clock;

/**
 * The built-in {@link FlagStore}s and the source that lets the engine evaluate a store.
 *
 * <p>Typical use: create the store, seed it from files through
 * {@link dev.flags.admin.FlagAdmin#seed}, and build the {@link dev.flags.FlagManager} with
 * <em>only</em> {@link #source(FlagStore)} as its source. Files then seed the store instead of
 * being sources themselves: the engine rejects a flag key defined by two sources.
 */
public final class FlagStores {

    private FlagStores() {}

    /**
     * A store in memory, lost on restart.
     *
     * @return the store, with timestamps from the system UTC clock
     */
    public static FlagStore inMemory() {
        return inMemory(Clock.systemUTC());
    }

    /**
     * A store in memory, lost on restart.
     *
     * @param clock the clock for created, updated and archived timestamps and audit times
     * @return the store
     */
    public static FlagStore inMemory(Clock clock) {
        return new InMemoryFlagStore(clock);
    }

    /**
     * A source that serves a store's definitions to the engine; each successful write through the
     * store reloads the engine before the write returns (the engine validates and swaps its
     * snapshot).
     *
     * @param store the store
     * @return the source
     */
    public static FlagSource source(FlagStore store) {
        return follow(store, Following.NONE);
    }

    /**
     * A source that serves a store other instances write too: besides reloading at once after each
     * write through this store object, it polls the head of the store's change log and applies the
     * changes after the last one it applied, through the engine's reload (validation, atomic swap,
     * listeners, last good definitions). See the fleet page of the documentation.
     *
     * @param store the store
     * @param following polling, backup file and startup policy
     * @return the source; it polls once the engine watches it, and stops when the engine closes
     */
    public static FollowingSource follow(FlagStore store, Following following) {
        return new StoreFlagSource(
                requireNonNull(store, "store"), requireNonNull(following, "following"), Clock.systemUTC());
    }
}
