package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import dev.flags.definition.ExperimentMetric;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The in-process results of one experiment, computed from the users this process recorded: see
 * {@link Experiments#results(String)} for what they cover.
 *
 * @param flagKey the experiment's flag
 * @param experiment its definition
 * @param status whether it runs at {@code computedAt}
 * @param computedAt when these results were computed
 * @param variants one entry per variant of the assigning distribution, in its order
 * @param sampleRatio exposed users per variant against the distribution's weights
 * @param trackedUsers users whose exposure is kept for attribution
 * @param untrackedExposures exposures not kept because the per-experiment limit of tracked users
 *     was reached; non-zero means the results cover the first {@code trackedUsers} users only
 * @param crossoverExposures exposures of a tracked user to a variant other than their first
 *     (after a change of weights, for example); they stay attributed to their first variant
 * @param analysis how the metrics were compared: method, level, correction, prior
 * @param metrics every metric of the experiment ({@link Experiment#allMetrics()}), in that order
 * @param warnings what should stop a reader from trusting or shipping: sample-ratio mismatch,
 *     guardrails that got worse, metrics without enough data; empty when there is none
 */
public record ExperimentResults(
        String flagKey,
        Experiment experiment,
        Status status,
        Instant computedAt,
        List<VariantResults> variants,
        SampleRatioCheck sampleRatio,
        long trackedUsers,
        long untrackedExposures,
        long crossoverExposures,
        ExperimentAnalysis analysis,
        List<MetricResults> metrics,
        List<Warning> warnings) {

    /** Checks and copies the components. */
    public ExperimentResults {
        requireNonNull(flagKey, "flagKey");
        requireNonNull(experiment, "experiment");
        requireNonNull(status, "status");
        requireNonNull(computedAt, "computedAt");
        variants = List.copyOf(variants);
        requireNonNull(sampleRatio, "sampleRatio");
        requireNonNull(analysis, "analysis");
        metrics = List.copyOf(metrics);
        warnings = List.copyOf(warnings);
    }

    /**
     * The results of one metric.
     *
     * @param name the metric name (a conversion's name for its implicit binomial metric)
     * @return the results
     * @throws IllegalArgumentException when the experiment has no such metric
     */
    public MetricResults metric(String name) {
        for (MetricResults results : metrics) {
            if (results.metric().name().equals(name)) {
                return results;
            }
        }
        throw new IllegalArgumentException("experiment '" + flagKey + "' has no metric '" + name + "'");
    }

    /**
     * One metric across the variants.
     *
     * @param metric its definition
     * @param variants one entry per variant of the assigning distribution, in its order
     */
    public record MetricResults(ExperimentMetric metric, List<MetricVariantResults> variants) {

        /** Checks and copies the components. */
        public MetricResults {
            requireNonNull(metric, "metric");
            variants = List.copyOf(variants);
        }

        /**
         * The results of one variant.
         *
         * @param variant the variant name
         * @return the results
         * @throws IllegalArgumentException when the distribution has no such variant
         */
        public MetricVariantResults variant(String variant) {
            for (MetricVariantResults results : variants) {
                if (results.variant().equals(variant)) {
                    return results;
                }
            }
            throw new IllegalArgumentException("metric '" + metric.name() + "' has no variant '" + variant + "'");
        }
    }

    /**
     * One metric of one variant.
     *
     * @param variant the variant name
     * @param control whether it is the control
     * @param users exposed users, each counting with their value (0 when they did nothing)
     * @param mean the value per user, or for a ratio the ratio of the sums; {@link Double#NaN}
     *     without users (or without denominator)
     * @param values the running sums of the users' values (numerators for a ratio)
     * @param denominators the running sums of the users' denominators; {@code null} unless a ratio
     * @param comparison the treatment against the control by the results' method; {@code null} for
     *     the control and while either has fewer than two users (or a ratio's denominator is 0)
     * @param adjustedPValue the p-value after the multiple-comparison correction, across every
     *     treatment and non-guardrail metric; the raw p-value for guardrails; {@link Double#NaN}
     *     without comparison or with the Bayesian method
     * @param significant whether the difference is significant: adjusted p-value below alpha (raw
     *     for guardrails), or with the Bayesian method a chance to beat control of at least {@code 1
     *     - alpha} or at most {@code alpha}
     * @param worse whether the treatment is worse than the control: the whole interval on the bad
     *     side of 0 (what a guardrail warns about)
     */
    public record MetricVariantResults(
            String variant,
            boolean control,
            long users,
            double mean,
            MetricSummary values,
            @Nullable MetricSummary denominators,
            @Nullable MetricComparison comparison,
            double adjustedPValue,
            boolean significant,
            boolean worse) {

        /** Checks the components. */
        public MetricVariantResults {
            requireNonNull(variant, "variant");
            requireNonNull(values, "values");
        }
    }

    /**
     * Something that should stop a reader from trusting or shipping a result.
     *
     * @param code what kind of problem
     * @param metric the metric concerned; {@code null} for the experiment as a whole
     * @param variant the variant concerned; {@code null} for the experiment as a whole
     * @param message a sentence for people
     */
    public record Warning(
            Code code, @Nullable String metric, @Nullable String variant, String message) {

        /** Checks the components. */
        public Warning {
            requireNonNull(code, "code");
            requireNonNull(message, "message");
        }

        /** Kinds of warnings. */
        public enum Code {
            /** The chi-square or the sequential sample-ratio check reports a mismatch. */
            SAMPLE_RATIO_MISMATCH,
            /** A guardrail metric is worse in a treatment than in the control. */
            GUARDRAIL_WORSE,
            /**
             * A variant has fewer than {@value ExperimentResults#ENOUGH_USERS} users with the metric's
             * conversion (or, for a binomial metric, without it): large-sample results are indications.
             */
            NOT_ENOUGH_DATA
        }
    }

    /** Users on each side of a conversion below which results warn {@code NOT_ENOUGH_DATA}. */
    public static final int ENOUGH_USERS = 10;

    /**
     * The results of one variant.
     *
     * @param variant the variant name
     * @return the results
     * @throws IllegalArgumentException when the distribution has no such variant
     */
    public VariantResults variant(String variant) {
        for (VariantResults results : variants) {
            if (results.variant().equals(variant)) {
                return results;
            }
        }
        throw new IllegalArgumentException("experiment '" + flagKey + "' has no variant '" + variant + "'");
    }

    /** Where an experiment is in its window. */
    public enum Status {
        /** Before its start. */
        NOT_STARTED,
        /** From its start to its end. */
        RUNNING,
        /** From its end on. */
        ENDED
    }

    /**
     * The results of one variant.
     *
     * @param variant the variant name
     * @param control whether it is the control
     * @param exposedUsers tracked users exposed to it
     * @param conversions one entry per conversion the experiment measures, in its order
     */
    public record VariantResults(
            String variant, boolean control, long exposedUsers, List<ConversionResults> conversions) {

        /** Checks and copies the components. */
        public VariantResults {
            requireNonNull(variant, "variant");
            conversions = List.copyOf(conversions);
        }

        /**
         * The results of one conversion.
         *
         * @param name the conversion name
         * @return the results
         * @throws IllegalArgumentException when the experiment does not measure it
         */
        public ConversionResults conversion(String name) {
            for (ConversionResults results : conversions) {
                if (results.name().equals(name)) {
                    return results;
                }
            }
            throw new IllegalArgumentException("no conversion '" + name + "' is measured");
        }
    }

    /**
     * One conversion of one variant.
     *
     * @param name the conversion name
     * @param convertingUsers exposed users who converted at least once after their exposure
     * @param conversionRate {@code convertingUsers / exposedUsers}; {@link Double#NaN} without
     *     exposed users
     * @param conversions all conversions of exposed users, repeats included
     * @param totalValue the sum of the values tracked with those conversions
     * @param lift against the control; {@code null} for the control itself and when either has no
     *     exposed users
     */
    public record ConversionResults(
            String name,
            long convertingUsers,
            double conversionRate,
            long conversions,
            double totalValue,
            @org.jspecify.annotations.Nullable Lift lift) {

        /** Checks the components. */
        public ConversionResults {
            requireNonNull(name, "name");
        }
    }
}
