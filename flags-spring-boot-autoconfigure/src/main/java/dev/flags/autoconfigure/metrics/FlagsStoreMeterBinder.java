package dev.flags.autoconfigure.metrics;

import dev.flags.autoconfigure.store.FlagsStoreFollower;
import dev.flags.store.FollowStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Publishes where this instance stands against a shared store's change log, tagged {@code store}
 * (the store's name, one per application).
 *
 * <ul>
 *   <li>{@code flags.store.lag}: changes of the store's log this instance has not applied (its head
 *       when last seen, minus the sequence applied).
 *   <li>{@code flags.store.sequence}: the sequence number applied ({@code kind=applied}) and the
 *       store's head when last seen ({@code kind=head}).
 *   <li>{@code flags.store.stale}: time since the store could no longer be read, 0 while it can.
 * </ul>
 */
final class FlagsStoreMeterBinder implements MeterBinder {

    private final FlagsStoreFollower follower;

    FlagsStoreMeterBinder(FlagsStoreFollower follower) {
        this.follower = follower;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String store = follower.status().store();
        Gauge.builder("flags.store.lag", follower, f -> f.status().lag())
                .description("Changes of the flag store's log this instance has not applied")
                .tag("store", store)
                .register(registry);
        Gauge.builder("flags.store.sequence", follower, f -> f.status().applied())
                .description("Sequence number of the flag store's change log: applied here, or the store's head")
                .tag("store", store)
                .tag("kind", "applied")
                .register(registry);
        Gauge.builder("flags.store.sequence", follower, f -> f.status().head())
                .description("Sequence number of the flag store's change log: applied here, or the store's head")
                .tag("store", store)
                .tag("kind", "head")
                .register(registry);
        TimeGauge.builder("flags.store.stale", follower, TimeUnit.MILLISECONDS, FlagsStoreMeterBinder::staleMillis)
                .description("Time since the flag store could no longer be read; 0 while it can")
                .tag("store", store)
                .register(registry);
    }

    private static double staleMillis(FlagsStoreFollower follower) {
        FollowStatus status = follower.status();
        Instant since = status.staleSince();
        return since == null
                ? 0
                : Math.max(0, Duration.between(since, Instant.now()).toMillis());
    }
}
