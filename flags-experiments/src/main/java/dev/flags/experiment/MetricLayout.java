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
 * the ratio metrics counting it in their denominator, and the covariate attribute of each metric.
 */
final class MetricLayout {

    final ExperimentMetric[] metrics;
    final int[][] numerators;
    final int[][] denominators;
    final @Nullable String[] covariates;
    final boolean anyCovariate;

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
                if (metrics[m].type() == ExperimentMetric.Type.RATIO
                        && conversions.get(c).equals(metrics[m].denominator())) {
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

    /** Each metric's covariate value from attribute values: 0 for a user without history. */
    double[] covariateValues(Map<String, Double> attributes) {
        double[] values = new double[metrics.length];
        for (int m = 0; m < metrics.length; m++) {
            String attribute = covariates[m];
            if (attribute != null) {
                Double value = attributes.get(attribute);
                values[m] = value == null ? 0 : value;
            }
        }
        return values;
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
