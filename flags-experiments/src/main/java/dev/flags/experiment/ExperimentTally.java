package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of one experiment gathered outside this process (for example by a query over a table of
 * events), turned into {@link ExperimentResults} with the same statistics as the in-process
 * results. Not thread-safe: fill it, then ask for the results.
 */
public final class ExperimentTally {

    private final FlagDefinition flag;
    private final Experiment experiment;
    private final Map<String, Tracker.Counters> counters = new HashMap<>();
    private final Map<String, Integer> conversionIndex = new HashMap<>();
    private final Map<String, Integer> metricIndex = new HashMap<>();
    private long tracked;

    /**
     * Starts counting for an experiment.
     *
     * @param flag the experiment's flag, as currently defined
     * @throws IllegalArgumentException when the flag is not an experiment
     */
    public ExperimentTally(FlagDefinition flag) {
        this.flag = requireNonNull(flag, "flag");
        Experiment defined = flag.experiment();
        if (defined == null) {
            throw new IllegalArgumentException("flag '" + flag.key() + "' is not an experiment");
        }
        this.experiment = defined;
        for (int i = 0; i < defined.conversions().size(); i++) {
            conversionIndex.put(defined.conversions().get(i), i);
        }
        for (int i = 0; i < defined.allMetrics().size(); i++) {
            metricIndex.put(defined.allMetrics().get(i).name(), i);
        }
    }

    /**
     * Adds users first exposed to a variant.
     *
     * @param variant the variant
     * @param users how many distinct users
     * @return this tally
     */
    public ExperimentTally exposed(String variant, long users) {
        counters(variant).exposed.add(users);
        tracked += users;
        return this;
    }

    /**
     * Adds conversions of users exposed to a variant.
     *
     * @param variant the variant the users were first exposed to
     * @param conversion one of the experiment's conversion names
     * @param users how many distinct users converted
     * @param conversions how many conversions they made
     * @param value the sum of the conversions' values
     * @return this tally
     * @throws IllegalArgumentException when the experiment does not measure that conversion
     */
    public ExperimentTally converted(String variant, String conversion, long users, long conversions, double value) {
        Integer index = conversionIndex.get(conversion);
        if (index == null) {
            throw new IllegalArgumentException(
                    "experiment '" + flag.key() + "' does not measure conversion '" + conversion + "'");
        }
        Tracker.Counters variantCounters = counters(variant);
        variantCounters.converting[index].add(users);
        variantCounters.conversions[index].add(conversions);
        variantCounters.value[index].add(value);
        return this;
    }

    /**
     * The results from the counts so far.
     *
     * @param now the instant the results are for (decides the experiment's status)
     * @param crossovers users exposed to more than one variant
     * @return the results
     */
    public ExperimentResults results(Instant now, long crossovers) {
        return results(now, crossovers, ExperimentAnalysis.DEFAULT);
    }

    /**
     * The results from the counts so far, compared as the given analysis says.
     *
     * @param now the instant the results are for (decides the experiment's status)
     * @param crossovers users exposed to more than one variant
     * @param analysis how metrics are compared
     * @return the results
     */
    public ExperimentResults results(Instant now, long crossovers, ExperimentAnalysis analysis) {
        return Tracker.results(
                flag.key(),
                experiment,
                Tracker.weights(flag),
                this::counters,
                now.toEpochMilli(),
                tracked,
                0,
                crossovers,
                requireNonNull(analysis, "analysis"));
    }

    /**
     * Adds the running sums of one metric in one variant, over the variant's exposed users (those
     * who did nothing count with 0).
     *
     * @param variant the variant
     * @param metric the metric's name, one of {@link Experiment#allMetrics()}
     * @param sum the sum of the users' values (numerators for a ratio)
     * @param sumOfSquares the sum of the squares of the users' values
     * @return this tally
     * @throws IllegalArgumentException when the experiment has no such metric
     */
    public ExperimentTally metric(String variant, String metric, double sum, double sumOfSquares) {
        MetricSums sums = sums(variant, metric);
        sums.sum.add(sum);
        sums.sumOfSquares.add(sumOfSquares);
        return this;
    }

    /**
     * Adds the denominator sums of a ratio metric in one variant.
     *
     * @param variant the variant
     * @param metric the ratio metric's name
     * @param sum the sum of the users' denominators
     * @param sumOfSquares the sum of their squares
     * @param sumOfProducts the sum over users of numerator times denominator
     * @return this tally
     * @throws IllegalArgumentException when the experiment has no such metric
     */
    public ExperimentTally denominator(
            String variant, String metric, double sum, double sumOfSquares, double sumOfProducts) {
        MetricSums sums = sums(variant, metric);
        sums.denominatorSum.add(sum);
        sums.denominatorSumOfSquares.add(sumOfSquares);
        sums.denominatorProducts.add(sumOfProducts);
        return this;
    }

    /**
     * Adds the covariate sums of a metric with a CUPED covariate in one variant.
     *
     * @param variant the variant
     * @param metric the metric's name
     * @param sum the sum of the users' covariate values (0 for users without)
     * @param sumOfSquares the sum of their squares
     * @param sumOfProducts the sum over users of metric value times covariate value
     * @return this tally
     * @throws IllegalArgumentException when the experiment has no such metric
     */
    public ExperimentTally covariate(
            String variant, String metric, double sum, double sumOfSquares, double sumOfProducts) {
        MetricSums sums = sums(variant, metric);
        sums.covariateSum.add(sum);
        sums.covariateSumOfSquares.add(sumOfSquares);
        sums.covariateProducts.add(sumOfProducts);
        return this;
    }

    private MetricSums sums(String variant, String metric) {
        Integer index = metricIndex.get(metric);
        if (index == null) {
            throw new IllegalArgumentException("experiment '" + flag.key() + "' has no metric '" + metric + "'");
        }
        return counters(variant).metrics[index];
    }

    private Tracker.Counters counters(String variant) {
        return counters.computeIfAbsent(
                variant, v -> new Tracker.Counters(experiment.conversions().size(), metricIndex.size()));
    }
}
