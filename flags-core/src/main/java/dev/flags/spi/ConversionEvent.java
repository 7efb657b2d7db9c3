package dev.flags.spi;

import static java.util.Objects.requireNonNull;

import dev.flags.EvaluationContext;
import dev.flags.internal.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record ConversionEvent(
        String name, EvaluationContext context, @Nullable Double value, Map<String, Object> details) {

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
    }

    /**
     * A conversion without value or details.
     *
     * @param name what happened
     * @param context who did it
     * @return the event
     */
    public static ConversionEvent of(String name, EvaluationContext context) {
        return new ConversionEvent(name, context, null, Map.of());
    }
}
