package dev.flags.autoconfigure.actuate;

import java.util.List;

/**
 * The stale-flag report of the {@code flags} endpoint's listing. Contributed only with a store
 * (flags-admin), so that the endpoint itself names none of its types.
 */
@FunctionalInterface
interface EndpointStaleFlags {

    List<FlagsEndpoint.StaleFlagDescriptor> findings();
}
