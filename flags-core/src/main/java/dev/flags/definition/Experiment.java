package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Marks a flag as an experiment: which variant is the control, which conversions it measures and
 * when it runs. The variants are assigned by one distribution of the flag: the fallthrough's, or
 * the named rule's. Inside {@code [start, end)} the flag evaluates as usual and exposures to that
 * distribution's variants are recorded; outside it, everyone who would reach the flag's targeting
 * gets the control variant with reason {@code DEFAULT}, and nothing is recorded.
 *
 * @param hypothesis what the experiment expects to show, for people reading results
 * @param controlVariant the variant the others are compared with
 * @param conversions the names of the conversions it measures, as passed to {@code track}
 * @param start when it starts, inclusive
 * @param end when it ends, exclusive
 * @param rule the id of the rule whose distribution assigns variants; {@code null} means the
 *     fallthrough
 * @param metrics the declared metrics, beside the implicit binomial metric of each conversion
 *     (see {@link #allMetrics()})
 * @param analysis how this experiment's results are analysed where it departs from the
 *     application's default; {@link Analysis#EMPTY} to take the default throughout
 */
public record Experiment(
        String hypothesis,
        String controlVariant,
        List<String> conversions,
        Instant start,
        Instant end,
        @Nullable String rule,
        List<ExperimentMetric> metrics,
        Analysis analysis) {

    /** Checks and copies the components; {@link Definitions#validate()} checks their meaning. */
    public Experiment {
        requireNonNull(hypothesis, "hypothesis");
        requireNonNull(controlVariant, "controlVariant");
        conversions = List.copyOf(conversions);
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        metrics = List.copyOf(metrics);
        requireNonNull(analysis, "analysis");
    }

    /**
     * An experiment analysed as the application's default says.
     *
     * @param hypothesis what it expects to show
     * @param controlVariant the control variant
     * @param conversions the conversions it measures
     * @param start when it starts
     * @param end when it ends
     * @param rule the rule whose distribution assigns variants, {@code null} for the fallthrough
     * @param metrics the declared metrics
     */
    public Experiment(
            String hypothesis,
            String controlVariant,
            List<String> conversions,
            Instant start,
            Instant end,
            @Nullable String rule,
            List<ExperimentMetric> metrics) {
        this(hypothesis, controlVariant, conversions, start, end, rule, metrics, Analysis.EMPTY);
    }

    /**
     * An experiment without declared metrics.
     *
     * @param hypothesis what it expects to show
     * @param controlVariant the control variant
     * @param conversions the conversions it measures
     * @param start when it starts
     * @param end when it ends
     * @param rule the rule whose distribution assigns variants, {@code null} for the fallthrough
     */
    public Experiment(
            String hypothesis,
            String controlVariant,
            List<String> conversions,
            Instant start,
            Instant end,
            @Nullable String rule) {
        this(hypothesis, controlVariant, conversions, start, end, rule, List.of(), Analysis.EMPTY);
    }

    /**
     * An experiment assigned by the fallthrough, without a hypothesis.
     *
     * @param controlVariant the control variant
     * @param start when it starts
     * @param end when it ends
     * @param conversions the conversions it measures
     * @return the experiment
     */
    public static Experiment of(String controlVariant, Instant start, Instant end, String... conversions) {
        return new Experiment(
                "", controlVariant, Arrays.asList(conversions), start, end, null, List.of(), Analysis.EMPTY);
    }

    /**
     * This experiment with more declared metrics.
     *
     * @param added the metrics, after those already declared
     * @return a new experiment
     */
    public Experiment withMetrics(ExperimentMetric... added) {
        List<ExperimentMetric> all = new ArrayList<>(metrics);
        all.addAll(Arrays.asList(added));
        return new Experiment(hypothesis, controlVariant, conversions, start, end, rule, all, analysis);
    }

    /**
     * Every metric the results compare: for each conversion in order, the declared metric of that
     * name or else the conversion's implicit binomial metric, then the other declared metrics in
     * order.
     *
     * @return the metrics
     */
    public List<ExperimentMetric> allMetrics() {
        Map<String, ExperimentMetric> declared = new LinkedHashMap<>();
        for (ExperimentMetric metric : metrics) {
            declared.putIfAbsent(metric.name(), metric);
        }
        List<ExperimentMetric> all = new ArrayList<>();
        for (String conversion : conversions) {
            ExperimentMetric replacing = declared.remove(conversion);
            all.add(replacing != null ? replacing : ExperimentMetric.binomial(conversion));
        }
        all.addAll(declared.values());
        return List.copyOf(all);
    }

    /** This experiment with a hypothesis. */
    public Experiment withHypothesis(String newHypothesis) {
        return new Experiment(newHypothesis, controlVariant, conversions, start, end, rule, metrics, analysis);
    }

    /** This experiment assigned by the distribution of the rule with the given id. */
    public Experiment withRule(@Nullable String newRule) {
        return new Experiment(hypothesis, controlVariant, conversions, start, end, newRule, metrics, analysis);
    }

    /** This experiment analysed as the given choices say, the application's default for the rest. */
    public Experiment withAnalysis(Analysis newAnalysis) {
        return new Experiment(hypothesis, controlVariant, conversions, start, end, rule, metrics, newAnalysis);
    }

    /**
     * Whether the experiment runs at the given instant.
     *
     * @param now the instant
     * @return {@code true} from {@code start} inclusive to {@code end} exclusive
     */
    public boolean runsAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(end);
    }

    /**
     * How one experiment's results are analysed where it departs from the application's default
     * ({@code flags.experiments.analysis.*} in Spring Boot); a {@code null} component takes the
     * default. {@link Definitions#validate()} checks the names and the level.
     *
     * @param method {@code sequential}, {@code fixed-horizon} or {@code bayesian}; {@code null} for
     *     the default
     * @param correction {@code benjamini-hochberg}, {@code holm} or {@code none}; {@code null} for
     *     the default
     * @param alpha the significance level, above 0 and below 1; {@code null} for the default
     */
    public record Analysis(
            @Nullable String method,
            @Nullable String correction,
            @Nullable Double alpha) {

        /** Every choice left to the application's default. */
        public static final Analysis EMPTY = new Analysis(null, null, null);

        /** The method names, as definitions write them. */
        public static final List<String> METHODS = List.of("sequential", "fixed-horizon", "bayesian");

        /** The correction names, as definitions write them. */
        public static final List<String> CORRECTIONS = List.of("benjamini-hochberg", "holm", "none");

        /**
         * Whether every choice is left to the default.
         *
         * @return {@code true} for {@link #EMPTY}
         */
        public boolean isEmpty() {
            return method == null && correction == null && alpha == null;
        }
    }
}
