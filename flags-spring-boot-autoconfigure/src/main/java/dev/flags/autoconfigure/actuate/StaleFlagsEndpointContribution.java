package dev.flags.autoconfigure.actuate;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.StaleFlag;
import dev.flags.store.FlagStoreException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The endpoint's stale-flag report, from the admin service of a store. */
final class StaleFlagsEndpointContribution implements EndpointStaleFlags {

    /** Reads the stale-flag report for Actuator, whose own security guards the endpoint. */
    private static final Actor STALE_REPORT = Actor.system("system:actuator");

    private final FlagAdmin admin;

    StaleFlagsEndpointContribution(FlagAdmin admin) {
        this.admin = admin;
    }

    @Override
    public @Nullable List<FlagsEndpoint.StaleFlagDescriptor> findings() {
        List<StaleFlag> findings;
        try {
            findings = admin.staleFlags(STALE_REPORT).findings();
        } catch (FlagStoreException e) { // the store is down: the listing still answers, without the report
            return null;
        }
        List<FlagsEndpoint.StaleFlagDescriptor> stale = new ArrayList<>();
        for (StaleFlag finding : findings) {
            stale.add(new FlagsEndpoint.StaleFlagDescriptor(
                    finding.key(), finding.reason().name(), finding.detail()));
        }
        return stale;
    }
}
