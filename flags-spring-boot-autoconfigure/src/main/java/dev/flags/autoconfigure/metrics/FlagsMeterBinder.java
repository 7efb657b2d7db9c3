package dev.flags.autoconfigure.metrics;

import dev.flags.ErrorCode;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.HookContext;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Publishes flag metrics to Micrometer.
 *
 * <ul>
 *   <li>{@code flags.evaluations}: counter of evaluations, tagged {@code feature_flag.key},
 *       {@code feature_flag.result.variant}, {@code feature_flag.result.reason} and
 *       {@code error.type}. Keys that are not defined share the tag value {@code undefined}, so a
 *       caller cannot grow the number of series; targeting keys and attributes are never tags.
 *   <li>{@code flags.evaluation.duration}: timer of evaluations, tagged {@code feature_flag.key}.
 *   <li>{@code flags.definitions}: gauge of defined flags, tagged {@code status}.
 *   <li>{@code flags.reloads}: counter of reloads, tagged {@code result} ({@code success},
 *       {@code failure}).
 *   <li>{@code flags.load.age}: time since definitions last loaded successfully.
 * </ul>
 */
final class FlagsMeterBinder implements MeterBinder {

    static final String UNDEFINED = "undefined";
    private static final String NONE = "none";

    private final InspectableFlagManager flagManager;
    private final FlagsLoadState loadState;
    private final boolean latency;

    FlagsMeterBinder(InspectableFlagManager flagManager, FlagsLoadState loadState, boolean latency) {
        this.flagManager = flagManager;
        this.loadState = loadState;
        this.latency = latency;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FlagStatus status : FlagStatus.values()) {
            Gauge.builder("flags.definitions", flagManager, manager -> count(manager, status))
                    .description("Number of defined flags by lifecycle status")
                    .tag("status", status.id())
                    .register(registry);
        }
        FunctionCounter.builder("flags.reloads", loadState, FlagsLoadState::successes)
                .description("Reloads of flag definitions that were applied")
                .tag("result", "success")
                .register(registry);
        FunctionCounter.builder("flags.reloads", loadState, FlagsLoadState::failures)
                .description("Reloads of flag definitions that failed; the last good definitions stayed in force")
                .tag("result", "failure")
                .register(registry);
        TimeGauge.builder("flags.load.age", loadState, TimeUnit.MILLISECONDS, FlagsMeterBinder::ageMillis)
                .description("Time since flag definitions last loaded successfully")
                .register(registry);
        flagManager.addHook(new MetricsHook(registry, latency));
    }

    private static double count(InspectableFlagManager manager, FlagStatus status) {
        int count = 0;
        for (FlagDefinition flag : manager.definitions().flags()) {
            if (flag.status() == status) {
                count++;
            }
        }
        return count;
    }

    private static double ageMillis(FlagsLoadState state) {
        Instant last = state.lastLoad();
        return last == null
                ? Double.NaN
                : Duration.between(last, state.clock().instant()).toMillis();
    }

    /**
     * Counts and times evaluations, with one cached counter per tag combination. The start time
     * travels from {@code before} to {@code after} as the hook's data for that evaluation, so an
     * evaluation nested inside another hook, or one on another thread, never takes another's start.
     */
    static final class MetricsHook implements EvaluationHook {

        private final MeterRegistry registry;
        private final boolean latency;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        MetricsHook(MeterRegistry registry, boolean latency) {
            this.registry = registry;
            this.latency = latency;
        }

        @Override
        public @Nullable Object before(HookContext evaluation) {
            return latency ? System.nanoTime() : null;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object started) {
            record(details, started);
        }

        @Override
        public void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object started) {
            record(details, started);
        }

        private void record(EvaluationDetails<?> details, @Nullable Object started) {
            String key = details.errorCode() == ErrorCode.FLAG_NOT_FOUND ? UNDEFINED : details.flagKey();
            String variant = details.variant() == null ? NONE : details.variant();
            String reason = details.reason().name().toLowerCase(Locale.ROOT);
            String error = details.errorCode() == null
                    ? NONE
                    : details.errorCode().name().toLowerCase(Locale.ROOT);
            counters.computeIfAbsent(
                            key + '\u0000' + variant + '\u0000' + reason + '\u0000' + error,
                            id -> Counter.builder("flags.evaluations")
                                    .description("Flag evaluations by flag, variant, reason and error")
                                    .tags(Tags.of(
                                            "feature_flag.key", key,
                                            "feature_flag.result.variant", variant,
                                            "feature_flag.result.reason", reason,
                                            "error.type", error))
                                    .register(registry))
                    .increment();
            if (started instanceof Long startNanos) {
                long elapsed = System.nanoTime() - startNanos;
                timers.computeIfAbsent(
                                key,
                                k -> Timer.builder("flags.evaluation.duration")
                                        .description("Time taken to evaluate a flag")
                                        .tag("feature_flag.key", k)
                                        .register(registry))
                        .record(elapsed, TimeUnit.NANOSECONDS);
            }
        }
    }
}
