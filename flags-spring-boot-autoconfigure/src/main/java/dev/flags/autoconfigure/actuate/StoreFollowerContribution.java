package dev.flags.autoconfigure.actuate;

import dev.flags.autoconfigure.store.FlagsStoreFollower;
import java.util.Map;

/** The store follower's status and fleet listing, for the endpoint and health. */
final class StoreFollowerContribution implements EndpointStoreFollower {

    private final FlagsStoreFollower follower;

    StoreFollowerContribution(FlagsStoreFollower follower) {
        this.follower = follower;
    }

    @Override
    public Map<String, Object> details() {
        return follower.details();
    }

    @Override
    public Map<String, Object> fleet() {
        return follower.fleetDetails();
    }
}
