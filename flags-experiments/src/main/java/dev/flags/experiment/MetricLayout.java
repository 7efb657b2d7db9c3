package dev.flags.experiment;

import dev.flags.EvaluationContext;
import dev.flags.definition.Experiment;
import dev.flags.definition.ExperimentMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which metrics of an experiment each conversion moves, resolved once per definition so that
 * recording a conversion is an indexed loop: the metrics reading it as their value (numerator) and
 * the ratio metrics counting it in their denominator, the covariate attribute of each metric, and
 * which conversions make a pre-exposure value (CUPED from the history: every metric but ratios).
 */
final class MetricLayout {

    final ExperimentMetric[] metrics;
    final int[][] numerators;
    final int[][] denominators;
    final @Nullable String[] covariates;
    final boolean anyCovariate;
    /** Per conversion: whether a metric with a per-user covariate (not a ratio) reads it. */
    final boolean[] historyReads;

    MetricLayout(Experiment experiment) {
        List<ExperimentMetric> all = experiment.allMetrics();
        metrics = all.toArray(new ExperimentMetric[0]);
        List<String> conversions = experiment.conversions();
        numerators = new int[conversions.size()][];
        denominators = new int[conversions.size()][];
        for (int c = 0; c < conversions.size(); c++) {
            List<Integer> reading = new ArrayList<>();
            List<Integer> counting = new ArrayList<>();
            for (int m = 0; m < metrics.length; m++) {
                if (metrics[m].conversion().equals(conversions.get(c))) {
                    reading.add(m);
                }
                if (metrics[m].type().isRatio() && conversions.get(c).equals(metrics[m].denominator())) {
                    counting.add(m);
                }
            }
            numerators[c] = reading.stream().mapToInt(Integer::intValue).toArray();
            denominators[c] = counting.stream().mapToInt(Integer::intValue).toArray();
        }
        covariates = new String[metrics.length];
        boolean any = false;
        for (int m = 0; m < metrics.length; m++) {
            covariates[m] = metrics[m].covariate();
            any |= covariates[m] != null;
        }
        anyCovariate = any;
        historyReads = new boolean[conversions.size()];
        for (int c = 0; c < conversions.size(); c++) {
            for (int m : numerators[c]) {
                historyReads[c] |= !metrics[m].type().isRatio();
            }
        }
    }

    /** The covariate attributes named by the metrics, with the context's numeric values; absent ones left out. */
    Map<String, Double> covariates(EvaluationContext context) {
        if (!anyCovariate) {
            return Map.of();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String attribute : covariates) {
            if (attribute != null && !values.containsKey(attribute)) {
                Double value = number(context.attributes().get(attribute));
                if (value != null) {
                    values.put(attribute, value);
                }
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * Each metric's covariate value from attribute values; {@link Double#NaN} where the history
     * decides (no attribute supplied, not a ratio), 0 for ratios.
     */
    double[] covariateValues(Map<String, Double> attributes) {
        double[] values = new double[metrics.length];
        for (int m = 0; m < metrics.length; m++) {
            String attribute = covariates[m];
            Double value = attribute == null ? null : attributes.get(attribute);
            values[m] = value != null ? value : metrics[m].type().isRatio() ? 0 : Double.NaN;
        }
        return values;
    }

    /**
     * Replaces the {@link Double#NaN} covariates by the user's value of each metric from their
     * conversions in {@code [from, to)}: converted or not, how many, or the sum of their values; 0
     * without history.
     */
    void fillFromHistory(double[] values, Tracker.@Nullable History history, long from, long to) {
        boolean[] converted = new boolean[metrics.length];
        if (history != null) {
            synchronized (history) {
                for (int i = 0; i < history.size; i++) {
                    if (history.times[i] < from || history.times[i] >= to) {
                        continue;
                    }
                    for (int m : numerators[history.conversions[i]]) {
                        if (!Double.isNaN(values[m]) && !converted[m]) {
                            continue;
                        }
                        double before = converted[m] ? values[m] : 0;
                        values[m] = switch (metrics[m].type()) {
                            case BINOMIAL -> 1;
                            case COUNT -> before + 1;
                            case MEAN -> before + history.values[i];
                            case RATIO, COUNT_RATIO -> 0;
                        };
                        converted[m] = true;
                    }
                }
            }
        }
        for (int m = 0; m < values.length; m++) {
            if (Double.isNaN(values[m])) {
                values[m] = 0;
            }
        }
    }

    /** A number, or a string that reads as one (request headers); {@code null} otherwise or when not finite. */
    private static @Nullable Double number(@Nullable Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                number = Double.parseDouble(s.trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(number) ? number : null;
    }
}
