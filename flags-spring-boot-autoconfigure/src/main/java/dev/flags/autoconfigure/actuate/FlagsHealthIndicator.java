package dev.flags.autoconfigure.actuate;

import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsLoadState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up while valid definitions are loaded, with the sources, when they last loaded, how many flags are
 * defined and the last reload error if any; down when none could be loaded. With a shared store, the
 * {@code store} detail says where this instance stands against its change log (applied sequence,
 * head, lag, whether the definitions are stale and since when). Stale definitions stay up: the
 * instance serves its last good snapshot, and a fleet whose database blinks must not be taken out of
 * rotation as a whole.
 */
final class FlagsHealthIndicator extends AbstractHealthIndicator {

    private final InspectableFlagManager flagManager;
    private final FlagsLoadState loadState;
    private final @Nullable EndpointStoreFollower follower;

    FlagsHealthIndicator(
            InspectableFlagManager flagManager, FlagsLoadState loadState, @Nullable EndpointStoreFollower follower) {
        super("Flags health check failed");
        this.flagManager = flagManager;
        this.loadState = loadState;
        this.follower = follower;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant lastLoad = loadState.lastLoad();
        if (lastLoad == null) {
            builder.down();
        } else {
            builder.up().withDetail("lastLoad", lastLoad.toString());
        }
        builder.withDetail("sources", loadState.sources())
                .withDetail("flags", flagManager.definitions().flags().size());
        if (loadState.lastError() != null) {
            builder.withDetail("lastError", loadState.lastError())
                    .withDetail("lastErrorAt", String.valueOf(loadState.lastErrorAt()));
        }
        if (follower != null) {
            builder.withDetail("store", follower.details());
        }
    }
}
