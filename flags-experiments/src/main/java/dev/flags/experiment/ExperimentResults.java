package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import java.time.Instant;
import java.util.List;

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
        long crossoverExposures) {

    /** Checks and copies the components. */
    public ExperimentResults {
        requireNonNull(flagKey, "flagKey");
        requireNonNull(experiment, "experiment");
        requireNonNull(status, "status");
        requireNonNull(computedAt, "computedAt");
        variants = List.copyOf(variants);
        requireNonNull(sampleRatio, "sampleRatio");
    }

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
