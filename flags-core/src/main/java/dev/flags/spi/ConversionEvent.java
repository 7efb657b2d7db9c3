package dev.flags.spi;

import static java.util.Objects.requireNonNull;

import dev.flags.EvaluationContext;
import dev.flags.internal.Values;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A conversion: a subject did something that an experiment measures.
 *
 * @param name what happened, for example {@code checkout-completed}; never blank
 * @param context who did it, as flags are evaluated for them
 * @param value how much, for example an order total; {@code null} when the event has no value
 * @param details anything else about the event, normalized like context attributes; entries
 *     without a value are dropped
 * @param time when it happened
 * @param credits the running experiments' variants this conversion was credited to, one per
 *     experiment the subject was exposed to; empty when it reached none (set by the experiments
 *     component before sinks see the event)
 */
public record ConversionEvent(
        String name,
        EvaluationContext context,
        @Nullable Double value,
        Map<String, Object> details,
        Instant time,
        List<Credit> credits) {

    /**
     * One experiment's variant a conversion was credited to.
     *
     * @param flag the experiment's flag key
     * @param variant the variant the subject was exposed to
     */
    public record Credit(String flag, String variant) {
        /** Checks the components. */
        public Credit {
            requireNonNull(flag, "flag");
            requireNonNull(variant, "variant");
        }
    }

    /** Checks and copies the components. */
    public ConversionEvent {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        requireNonNull(context, "context");
        Map<String, Object> copy = new LinkedHashMap<>();
        requireNonNull(details, "details").forEach((key, detail) -> {
            if (detail != null) {
                copy.put(key, Values.normalize(detail));
            }
        });
        details = Collections.unmodifiableMap(copy);
        requireNonNull(time, "time");
        credits = List.copyOf(credits);
    }

    /**
     * A conversion not yet credited to any experiment.
     *
     * @param name what happened
     * @param context who did it
     * @param value how much, or {@code null}
     * @param details anything else about the event
     * @param time when it happened
     */
    public ConversionEvent(
            String name, EvaluationContext context, @Nullable Double value, Map<String, Object> details, Instant time) {
        this(name, context, value, details, time, List.of());
    }

    /** This event with the experiments' variants it was credited to. */
    public ConversionEvent withCredits(List<Credit> newCredits) {
        return new ConversionEvent(name, context, value, details, time, newCredits);
    }

    /**
     * A conversion that happens now.
     *
     * @param name what happened
     * @param context who did it
     * @param value how much, or {@code null}
     * @param details anything else about the event
     */
    public ConversionEvent(
            String name, EvaluationContext context, @Nullable Double value, Map<String, Object> details) {
        this(name, context, value, details, Instant.now(), List.of());
    }

    /**
     * A conversion without value or details.
     *
     * @param name what happened
     * @param context who did it
     * @return the event
     */
    public static ConversionEvent of(String name, EvaluationContext context) {
        return new ConversionEvent(name, context, null, Map.of(), Instant.now());
    }
}
