package dev.flags.autoconfigure.actuate;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The stale-flag report of the {@code flags} endpoint's listing. Contributed only with a store
 * (flags-admin), so that the endpoint itself names none of its types.
 */
@FunctionalInterface
interface EndpointStaleFlags {

    /** The findings, or {@code null} while the store cannot be read. */
    @Nullable
    List<FlagsEndpoint.StaleFlagDescriptor> findings();
}
