package dev.flags.autoconfigure.actuate;

import java.util.Map;

/**
 * Where this instance stands against a shared store's change log, for the {@code flags} health
 * indicator and the endpoint's listing. Contributed only with a store follower (flags-admin), so
 * that neither names its types.
 */
@FunctionalInterface
interface EndpointStoreFollower {

    /** The follower's details: applied sequence, store head, lag, staleness. */
    Map<String, Object> details();
}
