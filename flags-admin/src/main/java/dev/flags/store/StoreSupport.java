package dev.flags.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link FlagStore} does the same way besides the per-kind work of {@link StoredKind}:
 * the time it writes and its watchers. For store implementations; applications do not call it.
 */
public final class StoreSupport {

    private static final Logger log = LoggerFactory.getLogger(FlagStore.class);

    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    /** The store's notion of now, at the millisecond precision every store keeps. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Adds a watcher, as {@link FlagStore#watch} does; closing the result removes it. */
    public AutoCloseable watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }

    /** Tells every watcher about a successful write; a watcher that throws is logged. */
    public void changed() {
        for (Runnable watcher : watchers) {
            try {
                watcher.run();
            } catch (RuntimeException e) { // the write is durable; a watcher's failure must not undo or fail it
                log.error("A flag store watcher failed", e);
            }
        }
    }
}
