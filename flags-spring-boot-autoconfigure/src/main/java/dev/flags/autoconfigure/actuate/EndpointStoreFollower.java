package dev.flags.autoconfigure.actuate;

import java.util.Map;

/**
 * Where this instance stands against a shared store's change log, and the fleet of instances that
 * follow the store, for the {@code flags} health indicator and the endpoint's listing. Contributed
 * only with a store follower (flags-admin), so that neither names its types.
 */
interface EndpointStoreFollower {

    /** The follower's details: applied sequence, store head, lag, staleness; no store query. */
    Map<String, Object> details();

    /** The fleet listing: every instance's applied sequence, lag, last report and state; reads the store. */
    Map<String, Object> fleet();
}
