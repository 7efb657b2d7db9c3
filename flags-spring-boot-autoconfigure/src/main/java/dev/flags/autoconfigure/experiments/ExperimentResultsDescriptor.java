package dev.flags.autoconfigure.experiments;

import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.ExperimentResults.ConversionResults;
import dev.flags.experiment.ExperimentResults.VariantResults;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.Lift;
import dev.flags.experiment.SampleRatioCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An experiment's results as the Actuator {@code flags} endpoint and the admin API show them:
 * numbers that are not defined ({@code NaN}, for example a rate without exposed users or a
 * relative lift against a control without conversions) are {@code null}.
 *
 * @param flag the flag key
 * @param hypothesis what the experiment is expected to show
 * @param controlVariant the control
 * @param start the start of the window
 * @param end the end of the window
 * @param status where the experiment is in its window
 * @param computedAt when the results were computed
 * @param trackedUsers users tracked in this process
 * @param untrackedExposures exposures left out because the per-experiment user limit was reached
 * @param crossoverExposures exposures of tracked users to another variant than their first
 * @param variants per variant, in distribution order
 * @param sampleRatio the sample-ratio-mismatch check of exposed users against the weights
 */
public record ExperimentResultsDescriptor(
        String flag,
        String hypothesis,
        String controlVariant,
        Instant start,
        Instant end,
        String status,
        Instant computedAt,
        long trackedUsers,
        long untrackedExposures,
        long crossoverExposures,
        List<VariantDescriptor> variants,
        SampleRatioDescriptor sampleRatio) {

    /**
     * Describes results.
     *
     * @param results the results
     * @return the description
     */
    public static ExperimentResultsDescriptor of(ExperimentResults results) {
        List<VariantDescriptor> variants = new ArrayList<>();
        for (VariantResults variant : results.variants()) {
            List<ConversionDescriptor> conversions = new ArrayList<>();
            for (ConversionResults conversion : variant.conversions()) {
                Lift lift = conversion.lift();
                conversions.add(new ConversionDescriptor(
                        conversion.name(),
                        conversion.convertingUsers(),
                        number(conversion.conversionRate()),
                        conversion.conversions(),
                        number(conversion.totalValue()),
                        lift == null ? null : LiftDescriptor.of(lift)));
            }
            variants.add(
                    new VariantDescriptor(variant.variant(), variant.control(), variant.exposedUsers(), conversions));
        }
        SampleRatioCheck check = results.sampleRatio();
        return new ExperimentResultsDescriptor(
                results.flagKey(),
                results.experiment().hypothesis(),
                results.experiment().controlVariant(),
                results.experiment().start(),
                results.experiment().end(),
                results.status().name(),
                results.computedAt(),
                results.trackedUsers(),
                results.untrackedExposures(),
                results.crossoverExposures(),
                variants,
                new SampleRatioDescriptor(
                        check.observed(),
                        numbers(check.expectedShares()),
                        number(check.chiSquare()),
                        check.degreesOfFreedom(),
                        number(check.pValue()),
                        check.mismatch(),
                        SampleRatioCheck.THRESHOLD));
    }

    public static @Nullable ExperimentResults resultsOrNull(Experiments experiments, String flagKey) {
        try {
            return experiments.results(flagKey);
        } catch (IllegalArgumentException notAnExperiment) {
            return null;
        }
    }

    static @Nullable Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Map<String, @Nullable Double> numbers(Map<String, Double> values) {
        Map<String, @Nullable Double> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(key, number(value)));
        return copy;
    }

    /**
     * One variant.
     *
     * @param variant the variant name
     * @param control whether it is the control
     * @param exposedUsers tracked users exposed to it
     * @param conversions per conversion the experiment measures
     */
    public record VariantDescriptor(
            String variant, boolean control, long exposedUsers, List<ConversionDescriptor> conversions) {}

    /**
     * One conversion of one variant.
     *
     * @param name the conversion name
     * @param convertingUsers exposed users who converted after their exposure
     * @param conversionRate converting users per exposed user; null without exposed users
     * @param conversions all conversions, repeats included
     * @param totalValue the sum of tracked values
     * @param lift against the control; null for the control and without exposed users
     */
    public record ConversionDescriptor(
            String name,
            long convertingUsers,
            @Nullable Double conversionRate,
            long conversions,
            @Nullable Double totalValue,
            @Nullable LiftDescriptor lift) {}

    /**
     * Lift against the control, with 95% confidence intervals.
     *
     * @param absolute treatment rate minus control rate
     * @param absoluteLow lower end of its interval
     * @param absoluteHigh upper end of its interval
     * @param relative treatment rate over control rate, minus one; null when the control has no
     *     conversions
     * @param relativeLow lower end of its interval
     * @param relativeHigh upper end of its interval
     * @param zScore the two-proportion z statistic
     * @param pValue its two-sided p-value
     * @param significant whether the p-value is below 0.05
     */
    public record LiftDescriptor(
            @Nullable Double absolute,
            @Nullable Double absoluteLow,
            @Nullable Double absoluteHigh,
            @Nullable Double relative,
            @Nullable Double relativeLow,
            @Nullable Double relativeHigh,
            @Nullable Double zScore,
            @Nullable Double pValue,
            boolean significant) {

        static LiftDescriptor of(Lift lift) {
            return new LiftDescriptor(
                    number(lift.absolute()),
                    number(lift.absoluteLow()),
                    number(lift.absoluteHigh()),
                    number(lift.relative()),
                    number(lift.relativeLow()),
                    number(lift.relativeHigh()),
                    number(lift.zScore()),
                    number(lift.pValue()),
                    lift.significant(1 - Lift.CONFIDENCE));
        }
    }

    /**
     * The sample-ratio-mismatch check.
     *
     * @param observed exposed users per variant
     * @param expectedShares each variant's share by its weight
     * @param chiSquare the chi-square statistic
     * @param degreesOfFreedom variants with a weight, minus one
     * @param pValue the probability of a split at least this uneven if assignment works
     * @param mismatch whether the p-value is below the threshold: do not trust the results
     * @param threshold the p-value below which the split is a mismatch
     */
    public record SampleRatioDescriptor(
            Map<String, Long> observed,
            Map<String, @Nullable Double> expectedShares,
            @Nullable Double chiSquare,
            int degreesOfFreedom,
            @Nullable Double pValue,
            boolean mismatch,
            double threshold) {}
}
