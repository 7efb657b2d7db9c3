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

    public FlagsLoadState(List<String> sources, Clock clock, boolean loaded) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.lastLoad = loaded ? clock.instant() : null;
    }

    /** Starts following the manager's loads. */
    public FlagsLoadState listenTo(FlagManager manager) {
        manager.addListener(new FlagChangeListener() {
            @Override
            public void flagsChanged(Set<String> changedKeys) {
                // counted by loadSucceeded, which also sees loads that change nothing
            }

            @Override
            public void loadSucceeded(String source) {
                successes.incrementAndGet();
                lastLoad = clock.instant();
            }

            @Override
            public void loadFailed(String source, RuntimeException error) {
                failures.incrementAndGet();
                lastError = source + ": " + error.getMessage();
                lastErrorAt = clock.instant();
            }
        });
        return this;
    }

    public List<String> sources() {
        return sources;
    }

    @Nullable
    public Instant lastLoad() {
        return lastLoad;
    }

    @Nullable
    public String lastError() {
        return lastError;
    }

    @Nullable
    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    public long successes() {
        return successes.get();
    }

    public long failures() {
        return failures.get();
    }

    public Clock clock() {
        return clock;
    }
}
