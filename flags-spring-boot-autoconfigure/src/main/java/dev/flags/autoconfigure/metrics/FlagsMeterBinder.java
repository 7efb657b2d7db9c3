package dev.flags.autoconfigure.metrics;

import dev.flags.ErrorCode;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.HookContext;
import dev.flags.InspectableFlagManager;
import dev.flags.Reason;
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
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
     * Counts and times evaluations without allocating once a combination has been seen: counters
     * are looked up by flag key, then variant, then an array slot for reason and error code, so no
     * key is built per call; tag values are lower-cased once, ahead. The start time of an
     * evaluation travels from {@code before} to {@code after} on a per-thread stack of
     * {@code long}s rather than as a boxed {@code Long}: hooks run before and after each evaluation
     * on the evaluating thread, strictly nested, so an evaluation nested inside another hook pops
     * its own start, and one on another thread has its own stack.
     */
    static final class MetricsHook implements EvaluationHook {

        private static final Reason[] REASONS = Reason.values();
        private static final String[] REASON_TAGS = lowerCase(REASONS);
        private static final String[] ERROR_TAGS = errorTags();
        private static final int SLOTS = REASONS.length * ERROR_TAGS.length;
        /** What {@code before} hands over when it pushed a start time. */
        private static final Object TIMED = new Object();

        private final MeterRegistry registry;
        private final boolean latency;
        private final Map<String, Map<String, AtomicReferenceArray<Counter>>> counters = new ConcurrentHashMap<>();
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();
        private final ThreadLocal<Starts> starts = ThreadLocal.withInitial(Starts::new);

        MetricsHook(MeterRegistry registry, boolean latency) {
            this.registry = registry;
            this.latency = latency;
        }

        /** Only the flag key, the outcome and the start time count: the shared context will do. */
        @Override
        public Interest interest(String flagKey) {
            return Interest.OUTCOME;
        }

        @Override
        public @Nullable Object before(HookContext evaluation) {
            if (!latency) {
                return null;
            }
            starts.get().push(System.nanoTime());
            return TIMED;
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
            // pop first, so that a failure below cannot leave this thread's stack a level too deep
            long elapsed = started == TIMED ? System.nanoTime() - starts.get().pop() : -1;
            ErrorCode errorCode = details.errorCode();
            String key = errorCode == ErrorCode.FLAG_NOT_FOUND ? UNDEFINED : details.flagKey();
            String variant = details.variant() == null ? NONE : details.variant();
            Map<String, AtomicReferenceArray<Counter>> byVariant = counters.get(key);
            if (byVariant == null) {
                byVariant = counters.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
            }
            AtomicReferenceArray<Counter> slots = byVariant.get(variant);
            if (slots == null) {
                slots = byVariant.computeIfAbsent(variant, v -> new AtomicReferenceArray<>(SLOTS));
            }
            int reason = details.reason().ordinal();
            int error = errorCode == null ? 0 : errorCode.ordinal() + 1;
            int slot = reason * ERROR_TAGS.length + error;
            Counter counter = slots.get(slot);
            if (counter == null) {
                // Micrometer hands back the registered counter when two threads race here
                counter = Counter.builder("flags.evaluations")
                        .description("Flag evaluations by flag, variant, reason and error")
                        .tags(Tags.of(
                                "feature_flag.key",
                                key,
                                "feature_flag.result.variant",
                                variant,
                                "feature_flag.result.reason",
                                REASON_TAGS[reason],
                                "error.type",
                                ERROR_TAGS[error]))
                        .register(registry);
                slots.set(slot, counter);
            }
            counter.increment();
            if (elapsed >= 0) {
                Timer timer = timers.get(key);
                if (timer == null) {
                    timer = timers.computeIfAbsent(key, this::timer);
                }
                timer.record(elapsed, TimeUnit.NANOSECONDS);
            }
        }

        private Timer timer(String key) {
            return Timer.builder("flags.evaluation.duration")
                    .description("Time taken to evaluate a flag")
                    .tag("feature_flag.key", key)
                    .register(registry);
        }

        private static String[] lowerCase(Enum<?>[] constants) {
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = constants[i].name().toLowerCase(Locale.ROOT);
            }
            return names;
        }

        /** {@code none} at 0, then each error code at its ordinal plus one. */
        private static String[] errorTags() {
            String[] codes = lowerCase(ErrorCode.values());
            String[] tags = new String[codes.length + 1];
            tags[0] = NONE;
            System.arraycopy(codes, 0, tags, 1, codes.length);
            return tags;
        }
    }

    /** The start times of the evaluations running on one thread, innermost last. */
    private static final class Starts {

        private long[] nanos = new long[4];
        private int depth;

        void push(long start) {
            if (depth == nanos.length) {
                nanos = Arrays.copyOf(nanos, depth * 2);
            }
            nanos[depth++] = start;
        }

        long pop() {
            return nanos[--depth];
        }
    }
}
