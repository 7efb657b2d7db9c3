package dev.flags.flagd;

import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.VariantFunction;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * flagd targeting that did not compile into rules, evaluated by {@link JsonLogic} on each call. The
 * data it sees is flagd's: the context's attributes, {@code targetingKey}, and {@code $flagd} with
 * {@code flagKey} and {@code timestamp} (seconds since the epoch). Its outcome becomes a variant
 * name as flagd makes one: a string as it is, {@code true} and {@code false} as {@code "true"} and
 * {@code "false"}, a number as JSON writes it; {@code null} serves the default variant.
 */
final class FlagdTargeting implements VariantFunction {

    private final @Nullable Object rule;

    FlagdTargeting(@Nullable Object rule) {
        this.rule = rule;
    }

    @Override
    public @Nullable String variant(
            String flagKey, @Nullable String targetingKey, Map<String, Object> attributes, long now) {
        Map<String, Object> data = new HashMap<>(attributes);
        if (targetingKey != null) {
            data.put("targetingKey", targetingKey);
        }
        data.put("$flagd", Map.of(JsonLogic.FLAG_KEY, flagKey, "timestamp", Math.floorDiv(now, 1000L)));
        Object result = JsonLogic.apply(rule, data);
        if (result == null) {
            return null;
        }
        if (result instanceof String s) {
            return s;
        }
        if (result instanceof Boolean || result instanceof Number) {
            return JsonLogic.text(result);
        }
        return DefinitionsWriter.json(result).strip(); // an object or a list: no variant, reported as such
    }

    /** Targeting that cannot be evaluated at all, such as a {@code $ref} to no evaluator. */
    static VariantFunction failing(String message) {
        return (flagKey, targetingKey, attributes, now) -> {
            throw new VariantFunction.Failure(message);
        };
    }
}
