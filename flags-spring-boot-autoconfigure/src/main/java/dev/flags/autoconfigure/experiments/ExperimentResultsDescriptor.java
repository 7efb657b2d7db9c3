package dev.flags.autoconfigure.experiments;

import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.ExperimentResults.ConversionResults;
import dev.flags.experiment.ExperimentResults.VariantResults;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.Lift;
import dev.flags.experiment.MetricComparison;
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
 * @param warnings what should stop a reader from trusting the results, each code once: {@code
 *     SAMPLE_RATIO_MISMATCH} (the chi-square or the sequential check reports a mismatch), {@code
 *     GUARDRAIL_WORSE} (a guardrail metric got worse in a treatment) and {@code NOT_ENOUGH_DATA}
 *     (a variant has fewer than 10 users with a metric's conversion, or for a conversion rate 10
 *     without); empty when there is none
 * @param method how the metrics are compared: {@code SEQUENTIAL}, {@code FIXED_HORIZON} or
 *     {@code BAYESIAN}
 * @param alpha the significance level of the metrics: intervals cover {@code 1 - alpha}
 * @param correction the multiple-comparison correction of the metrics' p-values
 * @param chosenByExperiment whether the experiment's definition chose the method, correction or
 *     alpha ({@code experiment.analysis}) rather than leaving them all to the application's default
 * @param metrics every metric: each conversion's rate, then the declared metrics
 * @param warningDetails the warnings one by one, with the metric and variant and a sentence
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
        SampleRatioDescriptor sampleRatio,
        List<String> warnings,
        String method,
        double alpha,
        String correction,
        boolean chosenByExperiment,
        List<MetricDescriptor> metrics,
        List<WarningDescriptor> warningDetails) {

    /**
     * Describes results.
     *
     * @param results the results
     * @return the description
     */
    public static ExperimentResultsDescriptor of(ExperimentResults results) {
        List<Double> pValues = new ArrayList<>();
        for (VariantResults variant : results.variants()) {
            for (ConversionResults conversion : variant.conversions()) {
                Lift lift = conversion.lift();
                if (lift != null) {
                    pValues.add(lift.pValue());
                }
            }
        }
        double[] adjusted = results.analysis().correction().adjust(unboxed(pValues));
        int next = 0;
        List<VariantDescriptor> variants = new ArrayList<>();
        for (VariantResults variant : results.variants()) {
            List<ConversionDescriptor> conversions = new ArrayList<>();
            for (int i = 0; i < variant.conversions().size(); i++) {
                ConversionResults conversion = variant.conversions().get(i);
                Lift lift = conversion.lift();
                LiftDescriptor described = lift == null ? null : LiftDescriptor.of(lift, adjusted[next++]);
                conversions.add(new ConversionDescriptor(
                        conversion.name(),
                        conversion.convertingUsers(),
                        number(conversion.conversionRate()),
                        conversion.conversions(),
                        number(conversion.totalValue()),
                        described));
            }
            variants.add(
                    new VariantDescriptor(variant.variant(), variant.control(), variant.exposedUsers(), conversions));
        }
        SampleRatioCheck check = results.sampleRatio();
        List<String> warnings = new ArrayList<>();
        List<WarningDescriptor> warningDetails = new ArrayList<>();
        for (ExperimentResults.Warning warning : results.warnings()) {
            if (!warnings.contains(warning.code().name())) {
                warnings.add(warning.code().name());
            }
            warningDetails.add(new WarningDescriptor(
                    warning.code().name(), warning.metric(), warning.variant(), warning.message()));
        }
        List<MetricDescriptor> metrics = new ArrayList<>();
        for (ExperimentResults.MetricResults metric : results.metrics()) {
            metrics.add(MetricDescriptor.of(metric));
        }
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
                        SampleRatioCheck.THRESHOLD,
                        number(check.sequentialPValue()),
                        check.sequentialMismatch()),
                List.copyOf(warnings),
                results.analysis().method().name(),
                results.analysis().alpha(),
                results.analysis().correction().name(),
                !results.experiment().analysis().isEmpty(),
                List.copyOf(metrics),
                List.copyOf(warningDetails));
    }

    private static double[] unboxed(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
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
     * @param adjustedPValue the p-value adjusted across every treatment and conversion of the
     *     experiment by the correction the results name (Benjamini-Hochberg by default); compare it
     *     with 0.05 like the p-value.
     *     The chance to beat control and the risk of a conversion rate are those of its metric
     *     ({@link ComparisonDescriptor}), from the method that applies
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
            boolean significant,
            @Nullable Double adjustedPValue) {

        static LiftDescriptor of(Lift lift, double adjustedPValue) {
            return new LiftDescriptor(
                    number(lift.absolute()),
                    number(lift.absoluteLow()),
                    number(lift.absoluteHigh()),
                    number(lift.relative()),
                    number(lift.relativeLow()),
                    number(lift.relativeHigh()),
                    number(lift.zScore()),
                    number(lift.pValue()),
                    lift.significant(1 - Lift.CONFIDENCE),
                    number(adjustedPValue));
        }
    }

    /**
     * One metric across the variants.
     *
     * @param name the metric name (a conversion's name for its conversion rate)
     * @param type {@code binomial}, {@code count}, {@code mean} or {@code ratio}
     * @param conversion the conversion it reads
     * @param denominator the conversion counted in a ratio's denominator; null for other types
     * @param higherIsBetter whether higher values are better
     * @param guardrail whether it must not get worse (left out of the correction)
     * @param covariate the context attribute used for CUPED; null without
     * @param variants per variant, in distribution order
     */
    public record MetricDescriptor(
            String name,
            String type,
            String conversion,
            @Nullable String denominator,
            boolean higherIsBetter,
            boolean guardrail,
            @Nullable String covariate,
            List<MetricVariantDescriptor> variants) {

        static MetricDescriptor of(ExperimentResults.MetricResults results) {
            List<MetricVariantDescriptor> variants = new ArrayList<>();
            for (ExperimentResults.MetricVariantResults row : results.variants()) {
                variants.add(new MetricVariantDescriptor(
                        row.variant(),
                        row.control(),
                        row.users(),
                        number(row.mean()),
                        number(row.values().sum()),
                        row.comparison() == null ? null : ComparisonDescriptor.of(row)));
            }
            var metric = results.metric();
            return new MetricDescriptor(
                    metric.name(),
                    metric.type().id(),
                    metric.conversion(),
                    metric.denominator(),
                    metric.higherIsBetter(),
                    metric.guardrail(),
                    metric.covariate(),
                    List.copyOf(variants));
        }
    }

    /**
     * One metric of one variant.
     *
     * @param variant the variant name
     * @param control whether it is the control
     * @param users exposed users
     * @param mean the value per user (a ratio's ratio of sums); null without users
     * @param total the sum of the users' values (a ratio's numerators)
     * @param comparison against the control; null for the control and with fewer than 2 users
     */
    public record MetricVariantDescriptor(
            String variant,
            boolean control,
            long users,
            @Nullable Double mean,
            @Nullable Double total,
            @Nullable ComparisonDescriptor comparison) {}

    /**
     * A treatment against the control on one metric, by the results' method.
     *
     * @param method the method: {@code SEQUENTIAL}, {@code FIXED_HORIZON} or {@code BAYESIAN}
     * @param controlMean the control's mean (CUPED-adjusted with a covariate)
     * @param treatmentMean the treatment's mean, likewise
     * @param difference treatment minus control
     * @param differenceLow lower end of its interval (confidence, always-valid or credible)
     * @param differenceHigh upper end of its interval
     * @param relative the difference relative to the control; null when the control's mean is 0
     * @param relativeLow lower end of its interval
     * @param relativeHigh upper end of its interval
     * @param pValue two-sided p-value; null with the Bayesian method
     * @param adjustedPValue after the multiple-comparison correction (raw for guardrails); null
     *     with the Bayesian method
     * @param significant whether the difference is significant at alpha (adjusted p-value, or
     *     chance to beat control beyond 1 - alpha or alpha)
     * @param chanceToBeatControl the posterior probability that the treatment is better than the
     *     control in the metric's raw direction (higher); Beta posteriors for conversion rates
     * @param risk the expected loss in relative lift of shipping the treatment
     * @param controlRisk the expected loss in relative lift of keeping the control
     * @param varianceReduction the share of variance CUPED removed, 0 without a covariate
     * @param worse whether the whole interval lies on the metric's bad side
     */
    public record ComparisonDescriptor(
            String method,
            @Nullable Double controlMean,
            @Nullable Double treatmentMean,
            @Nullable Double difference,
            @Nullable Double differenceLow,
            @Nullable Double differenceHigh,
            @Nullable Double relative,
            @Nullable Double relativeLow,
            @Nullable Double relativeHigh,
            @Nullable Double pValue,
            @Nullable Double adjustedPValue,
            boolean significant,
            @Nullable Double chanceToBeatControl,
            @Nullable Double risk,
            @Nullable Double controlRisk,
            @Nullable Double varianceReduction,
            boolean worse) {

        static ComparisonDescriptor of(ExperimentResults.MetricVariantResults row) {
            MetricComparison c = java.util.Objects.requireNonNull(row.comparison());
            return new ComparisonDescriptor(
                    c.method().name(),
                    number(c.controlMean()),
                    number(c.treatmentMean()),
                    number(c.difference()),
                    number(c.differenceLow()),
                    number(c.differenceHigh()),
                    number(c.relative()),
                    number(c.relativeLow()),
                    number(c.relativeHigh()),
                    number(c.pValue()),
                    number(row.adjustedPValue()),
                    row.significant(),
                    number(c.chanceToBeatControl()),
                    number(c.risk()),
                    number(c.controlRisk()),
                    number(c.varianceReduction()),
                    row.worse());
        }
    }

    /**
     * One warning.
     *
     * @param code {@code SAMPLE_RATIO_MISMATCH}, {@code GUARDRAIL_WORSE} or {@code NOT_ENOUGH_DATA}
     * @param metric the metric concerned; null for the whole experiment
     * @param variant the variant concerned; null for the whole experiment
     * @param message a sentence for people
     */
    public record WarningDescriptor(
            String code, @Nullable String metric, @Nullable String variant, String message) {}

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
     * @param sequentialPValue the always-valid p-value of the split (Dirichlet-multinomial mixture),
     *     valid however often it is looked at
     * @param sequentialMismatch whether the sequential p-value is below the threshold
     */
    public record SampleRatioDescriptor(
            Map<String, Long> observed,
            Map<String, @Nullable Double> expectedShares,
            @Nullable Double chiSquare,
            int degreesOfFreedom,
            @Nullable Double pValue,
            boolean mismatch,
            double threshold,
            @Nullable Double sequentialPValue,
            boolean sequentialMismatch) {}
}
