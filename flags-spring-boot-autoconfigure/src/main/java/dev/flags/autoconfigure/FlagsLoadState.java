package dev.flags.autoconfigure;

import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What health and metrics report about loading: the sources, when definitions last loaded well, the
 * last error, and how many reloads succeeded and failed. Listens to the {@link FlagManager}, whichever
 * it is; a manager built at startup has loaded once when this is created. Not itself a listener
 * bean, so that building the manager (which collects listener beans) does not depend on it.
 */
public final class FlagsLoadState {

    private final List<String> sources;
    private final Clock clock;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile @Nullable Instant lastLoad;
    private volatile @Nullable String lastError;
    private volatile @Nullable Instant lastErrorAt;

    /**
     * Creates the state.
     *
     * @param sources the names of the sources the manager reads
     * @param clock tells when loads happen
     * @param loaded whether definitions are loaded already (a manager built at startup)
     */
    public FlagsLoadState(List<String> sources, Clock clock, boolean loaded) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.lastLoad = loaded ? clock.instant() : null;
    }

    /**
     * Starts following the manager's loads.
     *
     * @param manager the manager to follow
     * @return this state
     */
    public FlagsLoadState listenTo(FlagManager manager) {
        manager.addListener(new FlagChangeListener() {
            @Override
            public void flagsChanged(Set<String> changedKeys) {
                // counted by loadSucceeded, which also sees loads that change nothing
            }

            @Override
            public void loadSucceeded(String source) {
                lastLoad = clock.instant();
                successes.incrementAndGet(); // last: a reader that sees the count sees the instant
            }

            @Override
            public void loadFailed(String source, RuntimeException error) {
                lastError = source + ": " + error.getMessage();
                lastErrorAt = clock.instant();
                failures.incrementAndGet(); // last: a reader that sees the count sees the error
            }
        });
        return this;
    }

    /**
     * The names of the sources.
     *
     * @return the names, in order
     */
    public List<String> sources() {
        return sources;
    }

    /**
     * When definitions last loaded well.
     *
     * @return the instant, or {@code null} when none loaded
     */
    @Nullable
    public Instant lastLoad() {
        return lastLoad;
    }

    /**
     * The last load failure, with its source.
     *
     * @return the message, or {@code null} when no load failed
     */
    @Nullable
    public String lastError() {
        return lastError;
    }

    /**
     * When the last load failed.
     *
     * @return the instant, or {@code null} when no load failed
     */
    @Nullable
    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    /**
     * Reloads that succeeded since this state was created.
     *
     * @return the count
     */
    public long successes() {
        return successes.get();
    }

    /**
     * Loads that failed since this state was created.
     *
     * @return the count
     */
    public long failures() {
        return failures.get();
    }

    /**
     * The clock the instants come from.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }
}
