package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import dev.flags.experiment.MetricComparison.Method;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ExperimentResults} compare each treatment with the control on every metric: the
 * method, the level, the sequential tuning, the multiple-comparison correction, the prior and the
 * look-back of CUPED from the conversion history. {@link #DEFAULT} is what the results use unless
 * told otherwise: sequential at alpha 0.05 tuned for 5,000 users, Benjamini-Hochberg across
 * treatments and non-guardrail metrics, a flat prior, a 14-day look-back. An experiment's
 * definition may choose its own method, correction and alpha ({@link Experiment#analysis()}); see
 * {@link #forExperiment(Experiment)}.
 *
 * @param method fixed horizon, sequential (the default: results are meant to be looked at while
 *     the experiment runs) or Bayesian
 * @param alpha the significance level, above 0 and below 1: intervals cover {@code 1 - alpha}
 * @param sequentialTuningUsers the users (control and treatment together) at which sequential
 *     intervals are narrowest; choose the expected sample size per comparison at the end. Ignored
 *     by the other methods
 * @param correction the multiple-comparison correction of the p-values of the non-guardrail
 *     metrics across treatments; none for the Bayesian method, which has no p-value
 * @param prior a normal prior on the relative lift for the Bayesian values of non-binomial
 *     metrics; {@code null} for a flat prior
 * @param cupedLookBack how far before a user's first exposure their conversions count as the
 *     pre-exposure value of each metric (the CUPED covariate when none is supplied at exposure);
 *     {@link Duration#ZERO} switches CUPED from the history off
 */
public record ExperimentAnalysis(
        Method method,
        double alpha,
        long sequentialTuningUsers,
        Correction correction,
        @Nullable Prior prior,
        Duration cupedLookBack) {

    /** The default look-back of CUPED from the conversion history: 14 days. */
    public static final Duration DEFAULT_CUPED_LOOK_BACK = Duration.ofDays(14);

    /** Sequential, alpha 0.05, tuned for 5,000 users, Benjamini-Hochberg, flat prior, 14 days of history. */
    public static final ExperimentAnalysis DEFAULT = new ExperimentAnalysis(
            Method.SEQUENTIAL, 0.05, 5_000, Correction.BENJAMINI_HOCHBERG, null, DEFAULT_CUPED_LOOK_BACK);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when alpha is not between 0 and 1, the tuning users are
     *     below 1 or the look-back is negative
     */
    public ExperimentAnalysis {
        requireNonNull(method, "method");
        requireNonNull(correction, "correction");
        requireNonNull(cupedLookBack, "cupedLookBack");
        if (cupedLookBack.isNegative()) {
            throw new IllegalArgumentException("cupedLookBack must not be negative (got " + cupedLookBack + ")");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be above 0 and below 1 (got " + alpha + ")");
        }
        if (sequentialTuningUsers < 1) {
            throw new IllegalArgumentException(
                    "sequentialTuningUsers must be at least 1 (got " + sequentialTuningUsers + ")");
        }
    }

    /** This analysis with another method. */
    public ExperimentAnalysis withMethod(Method newMethod) {
        return new ExperimentAnalysis(newMethod, alpha, sequentialTuningUsers, correction, prior, cupedLookBack);
    }

    /** This analysis at another level. */
    public ExperimentAnalysis withAlpha(double newAlpha) {
        return new ExperimentAnalysis(method, newAlpha, sequentialTuningUsers, correction, prior, cupedLookBack);
    }

    /** This analysis with other sequential tuning. */
    public ExperimentAnalysis withSequentialTuningUsers(long users) {
        return new ExperimentAnalysis(method, alpha, users, correction, prior, cupedLookBack);
    }

    /** This analysis with another correction. */
    public ExperimentAnalysis withCorrection(Correction newCorrection) {
        return new ExperimentAnalysis(method, alpha, sequentialTuningUsers, newCorrection, prior, cupedLookBack);
    }

    /** This analysis with a normal prior on the relative lift, or a flat one for {@code null}. */
    public ExperimentAnalysis withPrior(@Nullable Prior newPrior) {
        return new ExperimentAnalysis(method, alpha, sequentialTuningUsers, correction, newPrior, cupedLookBack);
    }

    /** This analysis with another look-back of CUPED from the conversion history ({@link Duration#ZERO}: off). */
    public ExperimentAnalysis withCupedLookBack(Duration lookBack) {
        return new ExperimentAnalysis(method, alpha, sequentialTuningUsers, correction, prior, lookBack);
    }

    /**
     * The analysis of one experiment: this one, with the method, correction and alpha its
     * definition chooses ({@link Experiment#analysis()}) in place of these.
     *
     * @param experiment the experiment
     * @return this analysis when the experiment chooses nothing, else a new one
     * @throws IllegalArgumentException when the definition names an unknown method or correction or
     *     an alpha out of range (which {@code Definitions.validate()} reports first)
     */
    public ExperimentAnalysis forExperiment(Experiment experiment) {
        Experiment.Analysis chosen = experiment.analysis();
        if (chosen.isEmpty()) {
            return this;
        }
        ExperimentAnalysis analysis = this;
        if (chosen.method() != null) {
            analysis = analysis.withMethod(Method.valueOf(constant(chosen.method(), Experiment.Analysis.METHODS)));
        }
        if (chosen.correction() != null) {
            analysis = analysis.withCorrection(
                    Correction.valueOf(constant(chosen.correction(), Experiment.Analysis.CORRECTIONS)));
        }
        if (chosen.alpha() != null) {
            analysis = analysis.withAlpha(chosen.alpha());
        }
        return analysis;
    }

    /**
     * The name in definitions of a method or correction.
     *
     * @param constant the enum constant
     * @return {@code fixed-horizon} for {@code FIXED_HORIZON}, say
     */
    static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String constant(String id, java.util.List<String> known) {
        if (!known.contains(id)) {
            throw new IllegalArgumentException(
                    "unknown name '" + id + "' (expected one of " + String.join(", ", known) + ")");
        }
        return id.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The metric analysis these settings describe. */
    MetricAnalysis metricAnalysis() {
        MetricAnalysis analysis = switch (method) {
            case FIXED_HORIZON -> MetricAnalysis.fixedHorizon(alpha);
            case SEQUENTIAL -> MetricAnalysis.sequential(alpha, sequentialTuningUsers);
            case BAYESIAN -> MetricAnalysis.bayesian(alpha);
        };
        return prior == null ? analysis : analysis.withPrior(prior.mean(), prior.standardDeviation());
    }

    /**
     * A normal prior on the relative lift.
     *
     * @param mean the prior mean, 0 for "no effect expected"
     * @param standardDeviation above 0; 0.3 says lifts beyond ±60% are rare
     */
    public record Prior(double mean, double standardDeviation) {

        /** Checks the components the way {@link MetricAnalysis#withPrior(double, double)} does. */
        public Prior {
            MetricAnalysis.fixedHorizon(0.05).withPrior(mean, standardDeviation);
        }
    }

    /** A multiple-comparison correction. */
    public enum Correction {
        /** Benjamini-Hochberg: controls the false discovery rate; the default. */
        BENJAMINI_HOCHBERG,
        /** Holm: controls the family-wise error rate, stricter. */
        HOLM,
        /** No correction: each p-value on its own. */
        NONE;

        /**
         * Adjusts p-values compared at once.
         *
         * @param pValues p-values from 0 to 1, in any order
         * @return the adjusted p-values in the same order (a copy for {@link #NONE})
         * @throws IllegalArgumentException when a p-value is not from 0 to 1
         */
        public double[] adjust(double... pValues) {
            return switch (this) {
                case BENJAMINI_HOCHBERG -> MultipleComparisons.benjaminiHochberg(pValues);
                case HOLM -> MultipleComparisons.holm(pValues);
                case NONE -> pValues.clone();
            };
        }
    }
}
