package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.experiment.MetricComparison.Method;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ExperimentResults} compare each treatment with the control on every metric: the
 * method, the level, the sequential tuning, the multiple-comparison correction and the prior.
 * {@link #DEFAULT} is what the results use unless told otherwise: sequential at alpha 0.05 tuned
 * for 5,000 users, Benjamini-Hochberg across treatments and non-guardrail metrics, a flat prior.
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
 */
public record ExperimentAnalysis(
        Method method,
        double alpha,
        long sequentialTuningUsers,
        Correction correction,
        @Nullable Prior prior) {

    /** Sequential, alpha 0.05, tuned for 5,000 users, Benjamini-Hochberg, flat prior. */
    public static final ExperimentAnalysis DEFAULT =
            new ExperimentAnalysis(Method.SEQUENTIAL, 0.05, 5_000, Correction.BENJAMINI_HOCHBERG, null);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when alpha is not between 0 and 1 or the tuning users are
     *     below 1
     */
    public ExperimentAnalysis {
        requireNonNull(method, "method");
        requireNonNull(correction, "correction");
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
        return new ExperimentAnalysis(newMethod, alpha, sequentialTuningUsers, correction, prior);
    }

    /** This analysis at another level. */
    public ExperimentAnalysis withAlpha(double newAlpha) {
        return new ExperimentAnalysis(method, newAlpha, sequentialTuningUsers, correction, prior);
    }

    /** This analysis with other sequential tuning. */
    public ExperimentAnalysis withSequentialTuningUsers(long users) {
        return new ExperimentAnalysis(method, alpha, users, correction, prior);
    }

    /** This analysis with another correction. */
    public ExperimentAnalysis withCorrection(Correction newCorrection) {
        return new ExperimentAnalysis(method, alpha, sequentialTuningUsers, newCorrection, prior);
    }

    /** This analysis with a normal prior on the relative lift, or a flat one for {@code null}. */
    public ExperimentAnalysis withPrior(@Nullable Prior newPrior) {
        return new ExperimentAnalysis(method, alpha, sequentialTuningUsers, correction, newPrior);
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
        NONE
    }
}
