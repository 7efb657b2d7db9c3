package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.HookContext;
import dev.flags.InspectableFlagManager;
import dev.flags.Reason;
import dev.flags.definition.FlagDefinition;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@link Experiments} over a manager's definitions, kept current by a change listener. */
final class DefaultExperiments implements Experiments {

    private static final Tracker[] NONE = new Tracker[0];

    private final InspectableFlagManager flags;
    private final Clock clock;
    private final int maxUsers;
    private final ExperimentAnalysis analysis;
    private final ExposureDeduplicator deduplicator;
    private final EventDispatcher dispatcher;
    private final ThreadLocal<Boolean> suppressed = new ThreadLocal<>();
    private final EvaluationHook hook = new ExposureHook();
    private final FlagChangeListener listener = new DefinitionsListener();
    private final ExperimentEventSink trackingSink = new TrackingSink();
    private volatile Registry registry = new Registry(Map.of(), Map.of());

    DefaultExperiments(ExperimentsBuilder builder) {
        this.flags = builder.flags;
        this.clock = builder.clock;
        this.maxUsers = builder.maxUsersPerExperiment;
        this.analysis = builder.analysis;
        this.deduplicator =
                new ExposureDeduplicator(builder.deduplicationCapacity, builder.deduplicationWindow.toMillis());
        this.dispatcher = new EventDispatcher(builder.sinks, builder.queueCapacity, builder.drainTimeout.toMillis());
        refresh();
        flags.addListener(listener);
        flags.addHook(hook);
    }

    /** Rebuilds the experiments from the manager's definitions, keeping compatible attribution state. */
    private synchronized void refresh() {
        Registry current = registry;
        Map<String, Tracker> byFlag = new LinkedHashMap<>();
        Map<String, List<Tracker>> byConversion = new HashMap<>();
        for (FlagDefinition flag : flags.definitions().flags()) {
            if (flag.experiment() != null) {
                Tracker tracker = new Tracker(
                        flag,
                        current.byFlag.get(flag.key()),
                        maxUsers,
                        analysis.cupedLookBack().toMillis());
                byFlag.put(flag.key(), tracker);
                for (String conversion : flag.experiment().conversions()) {
                    byConversion
                            .computeIfAbsent(conversion, unused -> new ArrayList<>())
                            .add(tracker);
                }
            }
        }
        Map<String, Tracker[]> conversions = new HashMap<>();
        byConversion.forEach((name, trackers) -> conversions.put(name, trackers.toArray(NONE)));
        registry = new Registry(Collections.unmodifiableMap(byFlag), Map.copyOf(conversions));
    }

    // ---- exposures ----

    @Override
    public EvaluationDetails<Object> peek(String flagKey, EvaluationContext context) {
        return withoutExposures(() -> flags.evaluate(flagKey, context));
    }

    @Override
    public <T> T withoutExposures(Supplier<T> evaluations) {
        requireNonNull(evaluations, "evaluations");
        Boolean previous = suppressed.get();
        suppressed.set(Boolean.TRUE);
        try {
            return evaluations.get();
        } finally {
            if (previous == null) {
                suppressed.remove();
            } else {
                suppressed.set(previous);
            }
        }
    }

    @Override
    public boolean recordExposure(EvaluationDetails<?> details, EvaluationContext context) {
        requireNonNull(details, "details");
        requireNonNull(context, "context");
        Tracker tracker = registry.byFlag.get(details.flagKey());
        return tracker != null
                && expose(
                        tracker,
                        details.variant(),
                        details.reason(),
                        details.ruleId(),
                        context.targetingKey(),
                        tracker.layout.covariates(context),
                        clock.millis());
    }

    private boolean expose(
            Tracker tracker,
            @Nullable String variant,
            Reason reason,
            @Nullable String ruleId,
            @Nullable String targetingKey,
            Map<String, Double> covariates,
            long now) {
        if (reason != Reason.SPLIT
                || targetingKey == null
                || variant == null // assigns(...) is false then too; checked here for NullAway
                || !tracker.assigns(variant, ruleId)
                || !tracker.runsAt(now)
                || suppressed.get() != null) {
            return false;
        }
        tracker.attribution.expose(targetingKey, variant, now, covariates);
        if (!deduplicator.firstSeen(tracker.flagKey, variant, targetingKey, now)) {
            return false;
        }
        dispatcher.offer(new ExposureEvent(
                tracker.flagKey, variant, targetingKey, Instant.ofEpochMilli(now), reason, ruleId, covariates));
        return true;
    }

    // ---- conversions ----

    @Override
    public int track(String conversion, EvaluationContext context) {
        return track(
                new ConversionEvent(
                        requireNonNull(conversion, "conversion"),
                        requireNonNull(context, "context"),
                        null,
                        Map.of(),
                        clock.instant()),
                clock.millis());
    }

    @Override
    public int track(String conversion, EvaluationContext context, double value) {
        return track(
                new ConversionEvent(
                        requireNonNull(conversion, "conversion"),
                        requireNonNull(context, "context"),
                        value,
                        Map.of(),
                        clock.instant()),
                clock.millis());
    }

    /**
     * Credits a conversion at {@code now} (this component's clock, which decides windows for
     * exposures too) and passes the event on as it is.
     */
    private int track(ConversionEvent event, long now) {
        String targetingKey = event.context().targetingKey();
        if (targetingKey == null) {
            return 0;
        }
        Tracker[] trackers = registry.byConversion.get(event.name());
        if (trackers == null) {
            return 0;
        }
        List<ConversionEvent.Credit> credits = new ArrayList<>();
        boolean measured = false;
        for (Tracker tracker : trackers) {
            if (tracker.runsAt(now)) {
                measured = true;
                Integer index = tracker.conversionIndex.get(event.name());
                String variant =
                        index == null ? null : tracker.attribution.convert(targetingKey, index, event.value(), now);
                if (variant != null) {
                    credits.add(new ConversionEvent.Credit(tracker.flagKey, variant));
                }
            } else if (tracker.remembersAt(now)) {
                // Before the start, within the look-back: the pre-exposure history of CUPED, kept
                // here and passed to the sinks so that database results see it too.
                measured = true;
                Integer index = tracker.conversionIndex.get(event.name());
                if (index != null) {
                    tracker.attribution.remember(targetingKey, index, event.value(), now);
                }
            }
        }
        if (measured) {
            dispatcher.offer(credits.isEmpty() ? event : event.withCredits(credits));
        }
        return credits.size();
    }

    @Override
    public ExperimentEventSink trackingSink() {
        return trackingSink;
    }

    // ---- results ----

    @Override
    public ExperimentResults results(String flagKey) {
        Tracker tracker = registry.byFlag.get(requireNonNull(flagKey, "flagKey"));
        if (tracker == null) {
            throw new IllegalArgumentException("flag '" + flagKey + "' is not an experiment");
        }
        return tracker.results(clock.millis(), analysis);
    }

    @Override
    public List<ExperimentResults> results() {
        long now = clock.millis();
        List<ExperimentResults> results = new ArrayList<>();
        for (Tracker tracker : registry.byFlag.values()) {
            results.add(tracker.results(now, analysis));
        }
        return List.copyOf(results);
    }

    @Override
    public long droppedEvents() {
        return dispatcher.dropped();
    }

    /** Events handed to the sinks so far. */
    long deliveredEvents() {
        return dispatcher.delivered();
    }

    ExposureDeduplicator deduplicator() {
        return deduplicator;
    }

    @Override
    public void close() {
        flags.removeHook(hook);
        flags.removeListener(listener);
        dispatcher.close();
    }

    @Override
    public String toString() {
        return "Experiments" + registry.byFlag.keySet();
    }

    private record Registry(Map<String, Tracker> byFlag, Map<String, Tracker[]> byConversion) {}

    /** Records an exposure after each successful evaluation of an experiment's flag. */
    private final class ExposureHook implements EvaluationHook {
        /** Only an experiment's flags, whose exposures need the targeting key and covariates. */
        @Override
        public Interest interest(String flagKey) {
            return registry.byFlag.containsKey(flagKey) ? Interest.INPUTS : Interest.NONE;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            Tracker tracker = registry.byFlag.get(details.flagKey());
            if (tracker != null) {
                expose(
                        tracker,
                        details.variant(),
                        details.reason(),
                        details.ruleId(),
                        evaluation.context().targetingKey(),
                        tracker.layout.covariates(evaluation.context()),
                        clock.millis());
            }
        }

        @Override
        public String toString() {
            return "experiment exposures";
        }
    }

    private final class DefinitionsListener implements FlagChangeListener {
        @Override
        public void flagsChanged(Set<String> changedKeys) {
            refresh();
        }
    }

    /** The input side: conversions and exposures from other producers, such as OpenFeature's track. */
    private final class TrackingSink implements ExperimentEventSink {
        @Override
        public void conversion(ConversionEvent conversion) {
            track(conversion, clock.millis());
        }

        @Override
        public void exposure(ExposureEvent exposure) {
            Tracker tracker = registry.byFlag.get(exposure.flagKey());
            if (tracker != null) {
                expose(
                        tracker,
                        exposure.variant(),
                        exposure.reason(),
                        exposure.ruleId(),
                        exposure.targetingKey(),
                        exposure.covariates(),
                        clock.millis());
            }
        }

        @Override
        public String toString() {
            return "experiment tracking";
        }
    }
}
