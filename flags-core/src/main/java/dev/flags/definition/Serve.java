package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a rule or the fallthrough serves: one variant, a weighted distribution, a progressive
 * rollout, a schedule of those that changes at given instants, or a variant computed by code.
 */
public sealed interface Serve
        permits Serve.Fixed, Serve.Distribution, Serve.Progressive, Serve.Scheduled, Serve.Computed {

    /**
     * Serves one variant to everyone.
     *
     * @param variant the variant name
     * @return the serve
     */
    static Fixed variant(String variant) {
        return new Fixed(variant);
    }

    /**
     * Starts a weighted distribution; add variants in order with {@link Distribution#and}.
     *
     * @param variant the first variant
     * @param weight its weight, zero or more
     * @return the distribution
     */
    static Distribution split(String variant, int weight) {
        return new Distribution(List.of(new Weight(variant, weight)));
    }

    /**
     * One variant for everyone.
     *
     * @param variant the variant name
     */
    record Fixed(String variant) implements Serve {
        /** Checks the components. */
        public Fixed {
            requireNonNull(variant, "variant");
        }
    }

    /**
     * A variant and its share of a distribution.
     *
     * @param variant the variant name
     * @param weight its weight, zero or more
     */
    record Weight(String variant, int weight) {
        /** Checks the components. */
        public Weight {
            requireNonNull(variant, "variant");
        }
    }

    /**
     * Variants by weight: a context falls into bucket {@code (murmur3(salt + value) * total) >>> 32}
     * and gets the first variant whose running weight total exceeds it. Weights may have any total,
     * so {@code 1} of {@code 100000} is 0.001%. Raising the first variant's weight only moves
     * contexts into it, so put the variant being rolled out first.
     *
     * <p>The variant is served with reason {@code SPLIT}, or, for a distribution read from a flagd
     * file ({@code targetingMatch}), with {@code TARGETING_MATCH} as flagd answers its
     * {@code fractional}; the bucketing is the same.
     *
     * @param weights the variants in order with their weights
     * @param targetingMatch whether the outcome is reported as {@code TARGETING_MATCH} (flagd's
     *     semantics) rather than {@code SPLIT}; experiments need {@code SPLIT}
     */
    record Distribution(List<Weight> weights, boolean targetingMatch) implements Serve {
        /** Checks and copies the components. */
        public Distribution {
            weights = List.copyOf(weights);
        }

        /**
         * A distribution answering {@code SPLIT}.
         *
         * @param weights the variants in order with their weights
         */
        public Distribution(List<Weight> weights) {
            this(weights, false);
        }

        /**
         * This distribution with one more variant at the end.
         *
         * @param variant the variant name
         * @param weight its weight
         * @return a new distribution
         */
        public Distribution and(String variant, int weight) {
            List<Weight> more = new ArrayList<>(weights);
            more.add(new Weight(variant, weight));
            return new Distribution(more, targetingMatch);
        }

        /**
         * This distribution reporting {@code TARGETING_MATCH}, as flagd reports its
         * {@code fractional}.
         *
         * @return a new distribution
         */
        public Distribution reportingTargetingMatch() {
            return new Distribution(weights, true);
        }
    }

    /**
     * A linear rollout of one variant from one percentage to another between two instants; everyone
     * else gets {@code otherwise}. Before {@code start} the share is {@code fromPercent}, after
     * {@code end} it is {@code toPercent}. Percentages have a resolution of 0.001.
     *
     * @param variant the variant rolled out
     * @param otherwise what the rest get
     * @param start when the rollout starts
     * @param end when it reaches {@code toPercent}
     * @param fromPercent share at the start, 0 to 100
     * @param toPercent share at the end, 0 to 100
     */
    record Progressive(
            String variant, String otherwise, Instant start, Instant end, double fromPercent, double toPercent)
            implements Serve {
        /** Checks the components. */
        public Progressive {
            requireNonNull(variant, "variant");
            requireNonNull(otherwise, "otherwise");
            requireNonNull(start, "start");
            requireNonNull(end, "end");
        }
    }

    /**
     * A serve from an instant on.
     *
     * @param at when the step takes effect
     * @param serve what it serves; not itself scheduled
     */
    record Step(Instant at, Serve serve) {
        /** Checks the components. */
        public Step {
            requireNonNull(at, "at");
            requireNonNull(serve, "serve");
        }
    }

    /**
     * Dated steps: the latest step whose instant has passed applies; before the first one,
     * {@code initial} applies, and without it the rule does not match (the fallthrough serves the
     * default variant).
     *
     * @param initial what is served before the first step, if anything
     * @param steps the steps in ascending order of time
     */
    record Scheduled(@Nullable Serve initial, List<Step> steps) implements Serve {
        /** Checks and copies the components. */
        public Scheduled {
            steps = List.copyOf(steps);
        }
    }

    /**
     * A variant chosen by code when the flag is evaluated, for targeting written in a language the
     * rules cannot express, such as the parts of flagd's JSON Logic that do not map onto rules. It
     * is evaluated on every call and may allocate, so it is slower than the other serves. The
     * variant it returns is checked at evaluation time: a name the flag does not have is an error
     * ({@code GENERAL}); {@code null} means the serve does not apply, and the next rule, the
     * fallthrough or the default variant decides. The definitions writer writes it as
     * {@code computed} with the language and the source; the reader takes it back through the
     * {@link ComputedLanguage} of that language found on the class path (flags-flagd provides
     * flagd's), so that stores and backup files can hold it.
     *
     * @param language what the code evaluates, for example {@code flagd JSON Logic}
     * @param source the targeting as written, shown by explanations and in messages
     * @param function the code
     */
    record Computed(String language, String source, VariantFunction function) implements Serve {
        /** Checks the components. */
        public Computed {
            requireNonNull(language, "language");
            requireNonNull(source, "source");
            requireNonNull(function, "function");
        }
    }
}
