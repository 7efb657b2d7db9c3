package dev.flags.spi;

import static java.util.Objects.requireNonNull;

import dev.flags.Reason;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Receives experiment events: exposures (who was assigned which variant and used it) and
 * conversions (who did what an experiment measures). Implementations write them somewhere: a log,
 * a table, Spring application events, metrics.
 *
 * <p>The same type is the hand-off point for conversions coming in: the OpenFeature provider's
 * {@code track} passes each tracking event to an {@code ExperimentEventSink}, and
 * {@code Experiments.trackingSink()} is the one that attributes them to experiments.
 *
 * <p>Sinks registered with {@code Experiments} are called from one background thread, never from
 * the request thread, in the order events were recorded; {@link #flush()} follows each batch. A
 * sink that throws is logged (rate limited) and keeps receiving later events. Sinks never see an
 * exposure twice in a row for the same targeting key, flag and variant within the deduplication
 * window, but across windows and after evictions they may: count distinct users downstream.
 */
public interface ExperimentEventSink {

    /**
     * A conversion was tracked.
     *
     * @param conversion what happened
     */
    void conversion(Conversion conversion);

    /**
     * A targeting key was exposed to an experiment's variant.
     *
     * @param exposure who saw what
     */
    default void exposure(Exposure exposure) {}

    /** Called after each batch of events; sinks that buffer write here. */
    default void flush() {}

    /** No more events will come; release resources. */
    default void close() {}

    /**
     * An exposure: a variant assigned by an experiment was used.
     *
     * @param flagKey the experiment's flag
     * @param variant the variant served
     * @param targetingKey whose exposure it is
     * @param time when it was recorded
     * @param reason why the variant was served (always {@link Reason#SPLIT} for recorded exposures)
     * @param ruleId the id of the rule whose distribution assigned it, or {@code null} for the
     *     fallthrough
     */
    record Exposure(
            String flagKey,
            String variant,
            String targetingKey,
            Instant time,
            Reason reason,
            @Nullable String ruleId) {
        /** Checks the components. */
        public Exposure {
            requireNonNull(flagKey, "flagKey");
            requireNonNull(variant, "variant");
            requireNonNull(targetingKey, "targetingKey");
            requireNonNull(time, "time");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * A conversion: something an experiment may measure happened for a targeting key.
     *
     * @param name the conversion name, for example {@code purchase}
     * @param targetingKey who converted
     * @param value an amount that goes with it, for example the order total, or {@code null}
     * @param time when it happened
     * @param attributes further facts, for example from OpenFeature's tracking event details:
     *     strings, numbers and booleans
     */
    record Conversion(
            String name, String targetingKey, @Nullable Double value, Instant time, Map<String, Object> attributes) {
        /** Checks and copies the components. */
        public Conversion {
            requireNonNull(name, "name");
            requireNonNull(targetingKey, "targetingKey");
            requireNonNull(time, "time");
            attributes = Map.copyOf(attributes);
        }

        /**
         * A conversion without attributes.
         *
         * @param name the conversion name
         * @param targetingKey who converted
         * @param value an amount, or {@code null}
         * @param time when it happened
         * @return the conversion
         */
        public static Conversion of(String name, String targetingKey, @Nullable Double value, Instant time) {
            return new Conversion(name, targetingKey, value, time, Map.of());
        }
    }
}
