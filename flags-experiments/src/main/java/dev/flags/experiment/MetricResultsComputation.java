package dev.flags.experiment;

import dev.flags.definition.Experiment;
import dev.flags.definition.ExperimentMetric;
import dev.flags.experiment.ExperimentResults.MetricResults;
import dev.flags.experiment.ExperimentResults.MetricVariantResults;
import dev.flags.experiment.ExperimentResults.Warning;
import dev.flags.experiment.MetricComparison.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every metric of an experiment compared across its variants from per-variant running sums,
 * wherever they were counted (in-process, a database, a tally): the comparison by the chosen
 * method, the multiple-comparison correction across treatments and non-guardrail metrics, and the
 * warnings (sample-ratio mismatch, guardrails that got worse, not enough data).
 */
final class MetricResultsComputation {

    private final List<MetricResults> metrics = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();

    MetricResultsComputation(
            Experiment experiment,
            Collection<String> variants,
            Function<String, Tracker.Counters> countersOf,
            ExperimentAnalysis settings,
            SampleRatioCheck sampleRatio) {
        MetricAnalysis analysis = settings.metricAnalysis();
        String control = experiment.controlVariant();
        Tracker.Counters controlCounters = countersOf.apply(control);
        List<ExperimentMetric> all = experiment.allMetrics();

        List<List<@Nullable MetricComparison>> comparisons = new ArrayList<>();
        List<Double> corrected = new ArrayList<>();
        for (int m = 0; m < all.size(); m++) {
            ExperimentMetric metric = all.get(m);
            List<@Nullable MetricComparison> row = new ArrayList<>();
            for (String variant : variants) {
                MetricComparison comparison = variant.equals(control)
                        ? null
                        : compare(analysis, metric, m, controlCounters, countersOf.apply(variant));
                row.add(comparison);
                if (comparison != null && !metric.guardrail() && settings.method() != Method.BAYESIAN) {
                    corrected.add(comparison.pValue());
                }
            }
            comparisons.add(row);
        }
        double[] adjusted = adjust(settings.correction(), corrected);

        if (sampleRatio.mismatch() || sampleRatio.sequentialMismatch()) {
            warnings.add(new Warning(
                    Warning.Code.SAMPLE_RATIO_MISMATCH,
                    null,
                    null,
                    "the split of exposed users does not match the weights (chi-square p = "
                            + format(sampleRatio.pValue()) + ", sequential p = "
                            + format(sampleRatio.sequentialPValue())
                            + "): do not trust the results until it is explained"));
        }
        int next = 0;
        List<Warning> dataWarnings = new ArrayList<>();
        for (int m = 0; m < all.size(); m++) {
            ExperimentMetric metric = all.get(m);
            boolean ratio = metric.type().isRatio();
            List<MetricVariantResults> rows = new ArrayList<>();
            int v = 0;
            for (String variant : variants) {
                Tracker.Counters counters = countersOf.apply(variant);
                long users = counters.exposed.sum();
                MetricSums sums = counters.metrics[m];
                MetricSummary values = sums.values(users);
                MetricSummary denominators = ratio ? sums.denominators(users) : null;
                double mean = values.mean();
                if (denominators != null) {
                    mean = denominators.sum() == 0 ? Double.NaN : values.sum() / denominators.sum();
                }
                MetricComparison comparison = comparisons.get(m).get(v++);
                double adjustedP = Double.NaN;
                boolean significant = false;
                boolean worse = false;
                if (comparison != null) {
                    if (settings.method() == Method.BAYESIAN) {
                        significant = comparison.significant();
                    } else {
                        adjustedP = metric.guardrail() ? comparison.pValue() : adjusted[next++];
                        significant = adjustedP < settings.alpha();
                    }
                    worse = comparison.worse(metric.higherIsBetter());
                    if (worse && metric.guardrail()) {
                        warnings.add(new Warning(
                                Warning.Code.GUARDRAIL_WORSE,
                                metric.name(),
                                variant,
                                "guardrail '" + metric.name() + "' is worse in '" + variant
                                        + "' than in the control: difference " + format(comparison.difference())
                                        + " (interval " + format(comparison.differenceLow()) + " to "
                                        + format(comparison.differenceHigh()) + ")"));
                    }
                }
                Warning data = notEnoughData(experiment, metric, variant, counters, users);
                if (data != null) {
                    dataWarnings.add(data);
                }
                rows.add(new MetricVariantResults(
                        variant,
                        variant.equals(control),
                        users,
                        mean,
                        values,
                        denominators,
                        comparison,
                        adjustedP,
                        significant,
                        worse));
            }
            metrics.add(new MetricResults(metric, rows));
        }
        warnings.addAll(dataWarnings);
    }

    List<MetricResults> metrics() {
        return metrics;
    }

    List<Warning> warnings() {
        return warnings;
    }

    private static @Nullable MetricComparison compare(
            MetricAnalysis analysis,
            ExperimentMetric metric,
            int m,
            Tracker.Counters control,
            Tracker.Counters treatment) {
        long nc = control.exposed.sum();
        long nt = treatment.exposed.sum();
        if (nc < 2 || nt < 2) {
            return null;
        }
        MetricSums c = control.metrics[m];
        MetricSums t = treatment.metrics[m];
        if (metric.type().isRatio()) {
            if (c.denominatorSum.sum() == 0 || t.denominatorSum.sum() == 0) {
                return null;
            }
            return analysis.compare(c.ratio(nc), t.ratio(nt));
        }
        CovariateSummary controlCovariate = c.covariate(nc);
        CovariateSummary treatmentCovariate = t.covariate(nt);
        if (varies(controlCovariate.covariate(), treatmentCovariate.covariate())) {
            return analysis.compare(controlCovariate, treatmentCovariate);
        }
        if (metric.type() == ExperimentMetric.Type.BINOMIAL) {
            return analysis.compareBinomial(nc, Math.round(c.sum.sum()), nt, Math.round(t.sum.sum()));
        }
        return analysis.compare(c.values(nc), t.values(nt));
    }

    /**
     * Whether the covariate varies within the variants, so that CUPED can adjust: without
     * pre-exposure history (every covariate 0) or with a constant one, the comparison is the plain
     * one (and keeps the Beta posteriors of a conversion rate). The tolerance keeps rounding in the
     * sums of squares of a constant covariate from passing for variance.
     */
    static boolean varies(MetricSummary control, MetricSummary treatment) {
        double within = withinSquares(control) + withinSquares(treatment);
        double scale = control.sumOfSquares() + treatment.sumOfSquares();
        return within > 1e-9 * scale && within > 0;
    }

    private static double withinSquares(MetricSummary summary) {
        return summary.users() < 2 ? 0 : summary.variance() * (summary.users() - 1);
    }

    private static @Nullable Warning notEnoughData(
            Experiment experiment, ExperimentMetric metric, String variant, Tracker.Counters counters, long users) {
        String conversion =
                metric.type().isRatio() && metric.denominator() != null ? metric.denominator() : metric.conversion();
        long converting = counters.converting[experiment.conversions().indexOf(conversion)].sum();
        int enough = ExperimentResults.ENOUGH_USERS;
        if (metric.type() == ExperimentMetric.Type.BINOMIAL) {
            if (converting < enough || users - converting < enough) {
                return new Warning(
                        Warning.Code.NOT_ENOUGH_DATA,
                        metric.name(),
                        variant,
                        "'" + variant + "' has " + converting + " users who converted on '" + conversion + "' and "
                                + (users - converting) + " who did not; with fewer than " + enough
                                + " on either side, read '" + metric.name() + "' as an indication");
            }
        } else if (converting < enough) {
            return new Warning(
                    Warning.Code.NOT_ENOUGH_DATA,
                    metric.name(),
                    variant,
                    "'" + variant + "' has " + converting + " users with conversion '" + conversion
                            + "'; with fewer than " + enough + ", read '" + metric.name() + "' as an indication");
        }
        return null;
    }

    private static double[] adjust(ExperimentAnalysis.Correction correction, List<Double> pValues) {
        double[] raw = new double[pValues.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = pValues.get(i);
        }
        return correction.adjust(raw);
    }

    /** Four significant digits, for messages. */
    static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
