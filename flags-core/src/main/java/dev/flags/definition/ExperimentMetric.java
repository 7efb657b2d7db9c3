package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A metric an experiment compares across its variants, computed per exposed user from the
 * conversions the experiment measures. Every conversion of an experiment is a {@link
 * Type#BINOMIAL} metric of its name without being declared; a metric declared with the name of a
 * conversion replaces that implicit one (to make it a guardrail, say).
 *
 * @param name the metric's name, unique in the experiment
 * @param type how a user's value is computed from their conversions
 * @param conversion the conversion the metric reads (the numerator of a ratio)
 * @param denominator the conversion counted in the denominator of a {@link Type#RATIO} or {@link
 *     Type#COUNT_RATIO}; {@code null} for the other types
 * @param higherIsBetter whether a higher value is better (purchases, revenue) or worse (refunds,
 *     errors)
 * @param guardrail whether the metric must not get worse rather than being tested for a win: it is
 *     left out of the multiple-comparison correction and the results warn when it gets worse
 * @param covariate the numeric context attribute, read at exposure, that holds the user's value of
 *     the metric before the experiment (for CUPED variance reduction); {@code null} for none. A
 *     user whose context does not supply it, and every user of a metric without one, gets their
 *     value of the metric from their own conversions before their first exposure instead (within
 *     the results' look-back; see the experiments module)
 */
public record ExperimentMetric(
        String name,
        Type type,
        String conversion,
        @Nullable String denominator,
        boolean higherIsBetter,
        boolean guardrail,
        @Nullable String covariate) {

    /** Checks the components; {@link Definitions#validate()} checks their meaning. */
    public ExperimentMetric {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(conversion, "conversion");
    }

    /**
     * The converted-or-not metric of a conversion, higher is better: what every conversion of an
     * experiment gets without declaring it.
     *
     * @param conversion the conversion name, also the metric's name
     * @return the metric
     */
    public static ExperimentMetric binomial(String conversion) {
        return new ExperimentMetric(conversion, Type.BINOMIAL, conversion, null, true, false, null);
    }

    /**
     * The count of a conversion per user (items bought, pages viewed), higher is better.
     *
     * @param name the metric name
     * @param conversion the conversion counted
     * @return the metric
     */
    public static ExperimentMetric count(String name, String conversion) {
        return new ExperimentMetric(name, Type.COUNT, conversion, null, true, false, null);
    }

    /**
     * The sum of a conversion's values per user (revenue per user), higher is better.
     *
     * @param name the metric name
     * @param conversion the conversion whose values are summed
     * @return the metric
     */
    public static ExperimentMetric mean(String name, String conversion) {
        return new ExperimentMetric(name, Type.MEAN, conversion, null, true, false, null);
    }

    /**
     * The sum of a conversion's values over the count of another (revenue per order: the values of
     * {@code purchase} over the number of {@code purchase}), higher is better.
     *
     * @param name the metric name
     * @param numerator the conversion whose values are summed
     * @param denominator the conversion counted
     * @return the metric
     */
    public static ExperimentMetric ratio(String name, String numerator, String denominator) {
        return new ExperimentMetric(name, Type.RATIO, numerator, denominator, true, false, null);
    }

    /**
     * The count of a conversion over the count of another (clicks per session: the number of
     * {@code click} over the number of {@code session}), higher is better.
     *
     * @param name the metric name
     * @param numerator the conversion counted in the numerator
     * @param denominator the conversion counted in the denominator
     * @return the metric
     */
    public static ExperimentMetric countRatio(String name, String numerator, String denominator) {
        return new ExperimentMetric(name, Type.COUNT_RATIO, numerator, denominator, true, false, null);
    }

    /** This metric as a guardrail: it must not get worse. */
    public ExperimentMetric asGuardrail() {
        return new ExperimentMetric(name, type, conversion, denominator, higherIsBetter, true, covariate);
    }

    /** This metric with lower values being better (refunds, errors, latency). */
    public ExperimentMetric lowerIsBetter() {
        return new ExperimentMetric(name, type, conversion, denominator, false, guardrail, covariate);
    }

    /** This metric with a pre-exposure covariate read from a context attribute at exposure. */
    public ExperimentMetric withCovariate(@Nullable String attribute) {
        return new ExperimentMetric(name, type, conversion, denominator, higherIsBetter, guardrail, attribute);
    }

    /** How a user's value of a metric is computed. */
    public enum Type {
        /** 1 when the user made the conversion at least once after exposure, else 0. */
        BINOMIAL,
        /** How many times the user made the conversion after exposure. */
        COUNT,
        /** The sum of the values tracked with the user's conversions after exposure (0 without). */
        MEAN,
        /**
         * The sum over users of the conversion's values divided by the sum over users of the
         * denominator conversion's count (a ratio of sums, not a mean of per-user ratios).
         */
        RATIO,
        /**
         * The count over users of the conversion divided by the count over users of the
         * denominator conversion (clicks per session), each user's pair of counts being one
         * observation: no values need to be tracked.
         */
        COUNT_RATIO;

        /**
         * The name used in definitions.
         *
         * @return {@code binomial}, {@code count}, {@code mean}, {@code ratio} or {@code count-ratio}
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * Whether the metric is a ratio of sums over users, with a denominator conversion.
         *
         * @return {@code true} for {@link #RATIO} and {@link #COUNT_RATIO}
         */
        public boolean isRatio() {
            return this == RATIO || this == COUNT_RATIO;
        }

        /**
         * The type of a name used in definitions.
         *
         * @param id the name
         * @return the type, or {@code null} when no type has that name
         */
        public static @Nullable Type of(String id) {
            for (Type type : values()) {
                if (type.id().equals(id)) {
                    return type;
                }
            }
            return null;
        }
    }
}
