package dev.flags.definition;

import java.io.Serial;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the variant of a {@link Serve.Computed} serve from the evaluation context. Implementations
 * must be thread-safe and should not block: they run on the caller's thread, on every evaluation.
 */
@FunctionalInterface
public interface VariantFunction {

    /**
     * Chooses a variant.
     *
     * @param flagKey the key of the flag being evaluated
     * @param targetingKey the context's targeting key, if any
     * @param attributes the context's attributes, immutable and normalized
     * @param now the evaluating manager's clock, in epoch milliseconds
     * @return the variant's name, or {@code null} when this serve does not apply
     * @throws Failure when the targeting cannot be evaluated; the caller's default is served with
     *     reason {@code ERROR} and error code {@code PARSE_ERROR}
     */
    @Nullable
    String variant(String flagKey, @Nullable String targetingKey, Map<String, Object> attributes, long now);

    /**
     * Targeting that cannot be evaluated, for example an expression that names an unknown operator.
     * Stackless: it reports a fault in the definitions, not in the program.
     */
    final class Failure extends RuntimeException {

        @Serial
        private static final long serialVersionUID = 1L;

        /**
         * Creates the failure.
         *
         * @param message what cannot be evaluated and where, shown as the evaluation's error message
         */
        public Failure(String message) {
            super(message, null, false, false);
        }
    }
}
