package dev.flags.admin;

import dev.flags.InspectableFlagManager;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Serve;
import dev.flags.store.FlagStore;
import dev.flags.store.StoredFlag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Finds cleanup candidates among the store's flags for the {@link StaleFlagReport}. */
final class StaleFlagFinder {

    private final FlagStore store;
    private final Clock clock;
    private final Duration singleVariantAfter;
    private final Duration unevaluatedAfter;
    private final @Nullable EvaluationStatistics statistics;
    private final @Nullable InspectableFlagManager flagManager;
    private final CodeReferences references;

    StaleFlagFinder(FlagStore store, FlagAdminBuilder builder) {
        this.store = store;
        this.clock = builder.clock;
        this.singleVariantAfter = builder.singleVariantAfter;
        this.unevaluatedAfter = builder.unevaluatedAfter;
        this.statistics = builder.statistics;
        this.flagManager = builder.flagManager;
        this.references = builder.codeReferences != null ? builder.codeReferences : fromClassPath();
    }

    private static CodeReferences fromClassPath() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return CodeReferences.fromClassPath(context != null ? context : StaleFlagFinder.class.getClassLoader());
    }

    StaleFlagReport report() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant unchangedBefore = now.minus(singleVariantAfter);
        Instant unevaluatedBefore = now.minus(unevaluatedAfter);
        Map<String, Long> archivedEvaluations = flagManager == null ? Map.of() : flagManager.archivedFlagEvaluations();
        List<StaleFlag> findings = new ArrayList<>();
        List<StoredFlag> flags = store.contents().flags();
        Set<String> prerequisites = new HashSet<>();
        for (StoredFlag stored : flags) {
            if (stored.definition().status() != FlagStatus.ARCHIVED) {
                for (Prerequisite prerequisite : stored.definition().prerequisites()) {
                    prerequisites.add(prerequisite.flag());
                }
            }
        }
        for (StoredFlag stored : flags) {
            FlagDefinition flag = stored.definition();
            boolean archived = flag.status() == FlagStatus.ARCHIVED;
            if (!archived && flag.reviewBy() != null && flag.reviewBy().isBefore(today)) {
                findings.add(new StaleFlag(
                        flag.key(), StaleFlag.Reason.REVIEW_DATE_PASSED, "review date " + flag.reviewBy() + " passed"));
            }
            String single = singleVariant(flag);
            if (flag.status() == FlagStatus.ACTIVE
                    && single != null
                    && !stored.updated().isAfter(unchangedBefore)) {
                findings.add(new StaleFlag(
                        flag.key(),
                        StaleFlag.Reason.SINGLE_VARIANT,
                        "serves '" + single + "' to everyone, unchanged since " + stored.updated()));
            }
            if (statistics != null && !archived) {
                Instant last = statistics.lastEvaluated(flag.key());
                // Never evaluated: count from when counting started, or from creation if later.
                Instant since = statistics.since().isAfter(stored.created()) ? statistics.since() : stored.created();
                Instant reference = last != null ? last : since;
                if (!reference.isAfter(unevaluatedBefore)) {
                    findings.add(new StaleFlag(
                            flag.key(),
                            StaleFlag.Reason.NOT_EVALUATED,
                            last == null ? "not evaluated since " + since : "last evaluated " + last));
                }
            }
            long evaluations = archivedEvaluations.getOrDefault(flag.key(), 0L);
            if (archived && evaluations > 0) {
                findings.add(new StaleFlag(
                        flag.key(),
                        StaleFlag.Reason.ARCHIVED_BUT_EVALUATED,
                        "archived, yet evaluated " + evaluations + " time(s) since the application started"));
            }
            if (!archived
                    && references.known()
                    && !references.places().containsKey(flag.key())
                    && !prerequisites.contains(flag.key())) {
                findings.add(new StaleFlag(
                        flag.key(),
                        StaleFlag.Reason.NOT_REFERENCED_BY_CODE,
                        "referenced by no code: in none of the "
                                + references.sources().size() + " " + CodeReferences.RESOURCE
                                + " file(s) on the class path, and no flag's prerequisite"));
            }
        }
        return new StaleFlagReport(now, findings);
    }

    /** The one variant an active flag serves to everyone, or {@code null} when it can serve more. */
    private static @Nullable String singleVariant(FlagDefinition flag) {
        if (!flag.rules().isEmpty()
                || !flag.targets().isEmpty()
                || !flag.prerequisites().isEmpty()) {
            return null;
        }
        Serve serve = flag.fallthrough();
        if (serve == null) {
            return flag.defaultVariant();
        }
        if (serve instanceof Serve.Fixed fixed) {
            return fixed.variant();
        }
        if (serve instanceof Serve.Distribution distribution) {
            String only = null;
            for (Serve.Weight weight : distribution.weights()) {
                if (weight.weight() > 0) {
                    if (only != null) {
                        return null;
                    }
                    only = weight.variant();
                }
            }
            return only;
        }
        return null;
    }
}
