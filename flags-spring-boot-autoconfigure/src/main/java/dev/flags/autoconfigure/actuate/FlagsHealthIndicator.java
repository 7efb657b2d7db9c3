package dev.flags.autoconfigure.actuate;

import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsLoadState;
import java.time.Instant;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up while valid definitions are loaded, with the sources, when they last loaded, how many flags are
 * defined and the last reload error if any; down when none could be loaded.
 */
final class FlagsHealthIndicator extends AbstractHealthIndicator {

    private final InspectableFlagManager flagManager;
    private final FlagsLoadState loadState;

    FlagsHealthIndicator(InspectableFlagManager flagManager, FlagsLoadState loadState) {
        super("Flags health check failed");
        this.flagManager = flagManager;
        this.loadState = loadState;
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
    }
}
