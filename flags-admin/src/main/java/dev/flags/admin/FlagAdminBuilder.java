package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.InspectableFlagManager;
import dev.flags.store.FlagStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Configures a {@link FlagAdmin}; get one from {@link FlagAdmin#builder(FlagStore)}. */
public final class FlagAdminBuilder {

    final FlagStore store;
    Clock clock = Clock.systemUTC();
    Duration archivedRetention = Duration.ofDays(90);
    Duration singleVariantAfter = Duration.ofDays(30);
    Duration unevaluatedAfter = Duration.ofDays(30);

    @Nullable
    EvaluationStatistics statistics;

    @Nullable
    InspectableFlagManager flagManager;

    final List<AuditListener> listeners = new ArrayList<>();

    @Nullable
    CodeReferences codeReferences;

    FlagAdminBuilder(FlagStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** Sets the clock for cleanup and the stale-flag report (default system UTC). */
    public FlagAdminBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /** Sets how long a flag stays archived before {@link FlagAdmin#cleanUpArchived} deletes it (default 90 days). */
    public FlagAdminBuilder archivedRetention(Duration retention) {
        this.archivedRetention = positive(retention, "retention");
        return this;
    }

    /**
     * Sets how long an active flag may serve one variant to everyone, unchanged, before the
     * stale-flag report lists it (default 30 days).
     */
    public FlagAdminBuilder singleVariantAfter(Duration duration) {
        this.singleVariantAfter = positive(duration, "duration");
        return this;
    }

    /** Sets how long a flag may go unevaluated before the stale-flag report lists it (default 30 days). */
    public FlagAdminBuilder unevaluatedAfter(Duration duration) {
        this.unevaluatedAfter = positive(duration, "duration");
        return this;
    }

    /** Sets where the stale-flag report learns when flags were last evaluated; without it, that check is skipped. */
    public FlagAdminBuilder evaluationStatistics(EvaluationStatistics statistics) {
        this.statistics = requireNonNull(statistics, "statistics");
        return this;
    }

    /**
     * Sets the manager whose {@link InspectableFlagManager#archivedFlagEvaluations()} tell the stale-flag report
     * which archived flags code still evaluates; without it, that check is skipped.
     */
    public FlagAdminBuilder flagManager(InspectableFlagManager manager) {
        this.flagManager = requireNonNull(manager, "manager");
        return this;
    }

    /**
     * Sets which flags the code references, for the stale-flag report's
     * {@link StaleFlag.Reason#NOT_REFERENCED_BY_CODE}. By default they are read from the class path
     * of this library ({@link CodeReferences#fromClassPath}) when the admin is built.
     */
    public FlagAdminBuilder codeReferences(CodeReferences references) {
        this.codeReferences = requireNonNull(references, "references");
        return this;
    }

    /** Adds a listener told about every audit entry the service writes. */
    public FlagAdminBuilder auditListener(AuditListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    /** Builds the service. */
    public FlagAdmin build() {
        return new StoreFlagAdmin(this);
    }

    private static Duration positive(Duration duration, String name) {
        requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + duration);
        }
        return duration;
    }
}
