package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

/**
 * One treatment against the control on one metric, as {@link MetricAnalysis} computes it.
 * Relative values are {@link Double#NaN} when the control's mean is 0; the Bayesian values are
 * taken on the relative lift and are {@link Double#NaN} with it.
 *
 * @param method how the interval and p-value were computed
 * @param alpha the significance level: intervals cover {@code 1 - alpha}
 * @param controlMean the control's mean (CUPED-adjusted with {@link MetricAnalysis#compare(CovariateSummary, CovariateSummary)})
 * @param treatmentMean the treatment's mean, likewise
 * @param difference {@code treatmentMean - controlMean}
 * @param differenceLow lower bound of the interval of the difference
 * @param differenceHigh upper bound of the interval of the difference
 * @param relative {@code treatmentMean / controlMean - 1}
 * @param relativeLow lower bound of the interval of the relative lift (delta method)
 * @param relativeHigh upper bound of the interval of the relative lift
 * @param pValue two-sided p-value of no difference (always valid with {@link Method#SEQUENTIAL}); {@link
 *     Double#NaN} with {@link Method#BAYESIAN}
 * @param chanceToBeatControl posterior probability that the treatment's mean is above the control's
 * @param risk expected loss, in relative lift, of shipping the treatment if the control is better:
 *     {@code E[max(0, -lift)]}
 * @param controlRisk expected loss, in relative lift, of keeping the control if the treatment is
 *     better: {@code E[max(0, lift)]}
 * @param varianceReduction share of the difference's variance removed by CUPED, 0 without it
 */
public record MetricComparison(
        Method method,
        double alpha,
        double controlMean,
        double treatmentMean,
        double difference,
        double differenceLow,
        double differenceHigh,
        double relative,
        double relativeLow,
        double relativeHigh,
        double pValue,
        double chanceToBeatControl,
        double risk,
        double controlRisk,
        double varianceReduction) {

    /** Checks the components. */
    public MetricComparison {
        requireNonNull(method, "method");
    }

    /**
     * Whether the difference is significant at the analysis' level.
     *
     * @return {@code true} when the p-value is below {@code alpha}; with {@link Method#BAYESIAN},
     *     when the chance to beat control is at least {@code 1 - alpha} or at most {@code alpha}
     */
    public boolean significant() {
        if (method == Method.BAYESIAN) {
            return chanceToBeatControl >= 1 - alpha || chanceToBeatControl <= alpha;
        }
        return pValue < alpha;
    }

    /**
     * Whether the treatment is significantly worse than the control: the whole interval of the
     * difference lies on the bad side of 0. This is what a guardrail metric checks.
     *
     * @param higherIsBetter whether a higher value of the metric is better (revenue) or worse
     *     (errors, latency)
     * @return {@code true} when the treatment is worse at the analysis' level
     */
    public boolean worse(boolean higherIsBetter) {
        return higherIsBetter ? differenceHigh < 0 : differenceLow > 0;
    }

    /** How intervals and p-values are computed. */
    public enum Method {
        /**
         * Welch's t-test and t interval at a fixed horizon: valid when the sample size was decided
         * up front and the result is read once, at the end.
         */
        FIXED_HORIZON,
        /**
         * Always-valid confidence sequence (normal-mixture sequential probability ratio test,
         * asymptotic as in Waudby-Smith et al.): valid however often the results are looked at.
         */
        SEQUENTIAL,
        /**
         * Decide on the chance to beat control and the risk; the interval is the normal
         * approximation of the posterior of the difference (a credible interval, flat prior) and
         * there is no p-value. Binomial metrics use Beta posteriors for the chance and the risks.
         */
        BAYESIAN
    }
}
