package dev.flags.experiment;

import dev.flags.experiment.MetricComparison.Method;

/**
 * Compares a treatment with the control on a mean, binomial, ratio or CUPED-adjusted metric from
 * running sums ({@link MetricSummary}, {@link RatioSummary}, {@link CovariateSummary}), with a
 * frequentist interval and p-value (fixed-horizon or sequential) and the Bayesian chance to beat
 * control and risk. Immutable and thread-safe; see {@code docs/experiments.md} for each method and
 * when to use it.
 *
 * <ul>
 *   <li><b>Fixed horizon</b> ({@link #fixedHorizon(double)}): Welch's unequal-variance t-test and t
 *       interval, Welch-Satterthwaite degrees of freedom.
 *   <li><b>Sequential</b> ({@link #sequential(double, long)}): the asymptotic always-valid
 *       confidence sequence for the difference of means, with the normal mixture tuned to be
 *       narrowest at {@code tuningUsers} users in total; its p-value is the mixture sequential
 *       probability ratio test's, {@code min(1, sqrt(n rho^2 + 1) exp(-z^2 n rho^2 / (2 (n rho^2 + 1))))}.
 *   <li><b>Bayesian</b> ({@link #bayesian(double)}, and the chance to beat control and risk of
 *       every method): a normal posterior for the relative lift (delta method), from a flat prior
 *       unless {@link #withPrior(double, double)} gives a normal one; for conversion rates ({@link
 *       #compareBinomial}), Beta posteriors.
 * </ul>
 */
public final class MetricAnalysis {

    private final Method method;
    private final double alpha;
    private final double rhoSquared;
    private final double priorMean;
    private final double priorVariance;

    private MetricAnalysis(Method method, double alpha, double rhoSquared, double priorMean, double priorVariance) {
        this.method = method;
        this.alpha = alpha;
        this.rhoSquared = rhoSquared;
        this.priorMean = priorMean;
        this.priorVariance = priorVariance;
    }

    /**
     * Fixed-horizon analysis.
     *
     * @param alpha the significance level, above 0 and below 1 (0.05 for 95% intervals)
     * @return the analysis, with a flat prior
     * @throws IllegalArgumentException when alpha is out of range
     */
    public static MetricAnalysis fixedHorizon(double alpha) {
        return new MetricAnalysis(Method.FIXED_HORIZON, checkAlpha(alpha), Double.NaN, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * Sequential analysis, valid however often it is looked at.
     *
     * @param alpha the significance level, above 0 and below 1
     * @param tuningUsers the total users (all compared variants) at which the intervals should be
     *     narrowest, typically the expected sample size at the end; at least 1
     * @return the analysis, with a flat prior
     * @throws IllegalArgumentException when alpha or tuningUsers is out of range
     */
    public static MetricAnalysis sequential(double alpha, long tuningUsers) {
        checkAlpha(alpha);
        if (tuningUsers < 1) {
            throw new IllegalArgumentException("tuningUsers must be at least 1 (got " + tuningUsers + ")");
        }
        double logAlpha = Math.log(alpha);
        double rhoSquared = (-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / tuningUsers;
        return new MetricAnalysis(Method.SEQUENTIAL, alpha, rhoSquared, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * Bayesian analysis: decisions on the chance to beat control and the risk; intervals are the
     * normal approximation of the posterior of the difference (flat prior), there is no p-value.
     *
     * @param alpha the intervals cover {@code 1 - alpha}; a difference is {@linkplain
     *     MetricComparison#significant() significant} when the chance to beat control is at least
     *     {@code 1 - alpha} or at most {@code alpha}
     * @return the analysis, with a flat prior
     * @throws IllegalArgumentException when alpha is out of range
     */
    public static MetricAnalysis bayesian(double alpha) {
        return new MetricAnalysis(Method.BAYESIAN, checkAlpha(alpha), Double.NaN, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * The significance level.
     *
     * @return alpha
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Compares two conversion rates: the interval and p-value of this analysis' method on the
     * binomial means, and the chance to beat control and the risks from independent Beta
     * posteriors of the two rates (uniform Beta(1, 1) prior on each, whatever {@link
     * #withPrior(double, double)} says, since that prior is on the lift of a normal model), in
     * relative lift like the other metrics.
     *
     * @param controlUsers users in the control
     * @param controlConverting of those, users who converted
     * @param treatmentUsers users in the treatment
     * @param treatmentConverting of those, users who converted
     * @return the comparison; the Bayesian values are {@link Double#NaN} when the control has no
     *     conversion
     * @throws IllegalArgumentException when a variant has fewer than two users or the counts do not fit
     */
    public MetricComparison compareBinomial(
            long controlUsers, long controlConverting, long treatmentUsers, long treatmentConverting) {
        MetricComparison normal = compare(
                MetricSummary.binomial(controlUsers, controlConverting),
                MetricSummary.binomial(treatmentUsers, treatmentConverting));
        double[] beta = BetaPosterior.compare(controlUsers, controlConverting, treatmentUsers, treatmentConverting);
        return new MetricComparison(
                normal.method(),
                normal.alpha(),
                normal.controlMean(),
                normal.treatmentMean(),
                normal.difference(),
                normal.differenceLow(),
                normal.differenceHigh(),
                normal.relative(),
                normal.relativeLow(),
                normal.relativeHigh(),
                normal.pValue(),
                beta[0],
                beta[1],
                beta[2],
                normal.varianceReduction());
    }

    /**
     * This analysis with a normal prior on the relative lift, for the Bayesian values.
     *
     * @param mean the prior mean of the relative lift, 0 for "no effect expected"
     * @param standardDeviation its prior standard deviation, above 0 (0.3: lifts beyond ±60% are rare)
     * @return a new analysis
     * @throws IllegalArgumentException when a value is out of range
     */
    public MetricAnalysis withPrior(double mean, double standardDeviation) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("prior mean must be finite (got " + mean + ")");
        }
        if (!(standardDeviation > 0) || Double.isInfinite(standardDeviation)) {
            throw new IllegalArgumentException(
                    "prior standard deviation must be above 0 and finite (got " + standardDeviation + ")");
        }
        return new MetricAnalysis(method, alpha, rhoSquared, mean, standardDeviation * standardDeviation);
    }

    /**
     * The method of this analysis.
     *
     * @return fixed horizon, sequential or Bayesian
     */
    public Method method() {
        return method;
    }

    /**
     * Compares the means of a mean, count or binomial metric.
     *
     * @param control the control's sums
     * @param treatment the treatment's sums
     * @return the comparison
     * @throws IllegalArgumentException when a variant has fewer than two users
     */
    public MetricComparison compare(MetricSummary control, MetricSummary treatment) {
        check(control.users(), "control");
        check(treatment.users(), "treatment");
        return compare(
                estimate(control.mean(), control.variance(), control.users()),
                estimate(treatment.mean(), treatment.variance(), treatment.users()),
                0);
    }

    /**
     * Compares a ratio metric (sum of numerators over sum of denominators), with the delta-method
     * variance of each variant's ratio.
     *
     * @param control the control's sums
     * @param treatment the treatment's sums
     * @return the comparison
     * @throws IllegalArgumentException when a variant has fewer than two users or a denominator sum of 0
     */
    public MetricComparison compare(RatioSummary control, RatioSummary treatment) {
        return compare(ratio(control, "control"), ratio(treatment, "treatment"), 0);
    }

    /**
     * Compares a metric with CUPED variance reduction: each variant's mean is adjusted by {@code
     * theta (covariate mean - overall covariate mean)}, with theta the pooled within-variant
     * regression slope of metric on covariate (so the difference equals the treatment coefficient of
     * the regression of metric on variant and covariate). A covariate unrelated to the metric
     * changes nothing; one correlated with it by rho removes about rho^2 of the variance.
     *
     * @param control the control's sums
     * @param treatment the treatment's sums
     * @return the comparison, with {@link MetricComparison#varianceReduction()}
     * @throws IllegalArgumentException when a variant has fewer than two users
     */
    public MetricComparison compare(CovariateSummary control, CovariateSummary treatment) {
        long nc = control.metric().users();
        long nt = treatment.metric().users();
        check(nc, "control");
        check(nt, "treatment");
        double sxx = control.covariate().variance() * (nc - 1)
                + treatment.covariate().variance() * (nt - 1);
        double sxy = control.covariance() * (nc - 1) + treatment.covariance() * (nt - 1);
        double theta = sxx == 0 ? 0 : sxy / sxx;
        double overall = (control.covariate().sum() + treatment.covariate().sum()) / (nc + nt);
        Estimate c = adjusted(control, theta, overall);
        Estimate t = adjusted(treatment, theta, overall);
        double unadjusted =
                control.metric().variance() / nc + treatment.metric().variance() / nt;
        double reduction = unadjusted == 0 ? 0 : Math.max(0, 1 - (c.varianceOfMean + t.varianceOfMean) / unadjusted);
        return compare(c, t, reduction);
    }

    private static Estimate adjusted(CovariateSummary summary, double theta, double overallCovariateMean) {
        long n = summary.metric().users();
        double mean = summary.metric().mean() - theta * (summary.covariate().mean() - overallCovariateMean);
        double variance = summary.metric().variance()
                - 2 * theta * summary.covariance()
                + theta * theta * summary.covariate().variance();
        return estimate(mean, Math.max(0, variance), n);
    }

    private static Estimate ratio(RatioSummary summary, String variant) {
        long n = summary.users();
        check(n, variant);
        double meanDenominator = summary.denominator().mean();
        if (meanDenominator == 0) {
            throw new IllegalArgumentException(variant + " has a denominator sum of 0");
        }
        double meanNumerator = summary.numerator().mean();
        double ratio = meanNumerator / meanDenominator;
        // Delta method: Var(N/D) ~ (Var N - 2 r Cov(N, D) + r^2 Var D) / mu_D^2, per user.
        double perUser = (summary.numerator().variance()
                        - 2 * ratio * summary.covariance()
                        + ratio * ratio * summary.denominator().variance())
                / (meanDenominator * meanDenominator);
        return estimate(ratio, Math.max(0, perUser), n);
    }

    private MetricComparison compare(Estimate control, Estimate treatment, double varianceReduction) {
        double difference = treatment.mean - control.mean;
        double varianceOfDifference = control.varianceOfMean + treatment.varianceOfMean;
        double standardError = Math.sqrt(varianceOfDifference);
        long users = control.users + treatment.users;

        double multiplier;
        double p;
        if (standardError == 0) {
            multiplier = 0;
            p = method == Method.BAYESIAN ? Double.NaN : difference == 0 ? 1 : 0;
        } else if (method == Method.BAYESIAN) {
            multiplier = Statistics.normalQuantile(1 - alpha / 2);
            p = Double.NaN;
        } else if (method == Method.SEQUENTIAL) {
            double nRho = users * rhoSquared;
            multiplier = Math.sqrt(2 * (nRho + 1) / nRho * Math.log(Math.sqrt(nRho + 1) / alpha));
            double z = difference / standardError;
            p = Math.min(1, Math.sqrt(nRho + 1) * Math.exp(-z * z * nRho / (2 * (nRho + 1))));
        } else {
            double degreesOfFreedom = varianceOfDifference
                    * varianceOfDifference
                    / (control.varianceOfMean * control.varianceOfMean / (control.users - 1)
                            + treatment.varianceOfMean * treatment.varianceOfMean / (treatment.users - 1));
            multiplier = Statistics.studentQuantile(1 - alpha / 2, degreesOfFreedom);
            p = Statistics.studentTwoSided(difference / standardError, degreesOfFreedom);
        }

        double relative = Double.NaN;
        double relativeLow = Double.NaN;
        double relativeHigh = Double.NaN;
        double chance = Double.NaN;
        double risk = Double.NaN;
        double controlRisk = Double.NaN;
        if (control.mean != 0) {
            double ratio = treatment.mean / control.mean;
            relative = ratio - 1;
            // Delta method: Var(t/c) ~ Var t / c^2 + t^2 Var c / c^4.
            double c2 = control.mean * control.mean;
            double relativeVariance = treatment.varianceOfMean / c2 + ratio * ratio * control.varianceOfMean / c2;
            double relativeError = Math.sqrt(relativeVariance);
            relativeLow = relative - multiplier * relativeError;
            relativeHigh = relative + multiplier * relativeError;
            // Normal posterior of the lift: flat prior (infinite variance) or normal prior.
            double precision = 1 / relativeVariance + 1 / priorVariance;
            double posteriorMean = (relative / relativeVariance + priorMean / priorVariance) / precision;
            double posteriorError = Math.sqrt(1 / precision);
            if (relativeVariance == 0) {
                posteriorMean = relative;
                posteriorError = 0;
            }
            if (posteriorError == 0) {
                chance = posteriorMean > 0 ? 1 : posteriorMean < 0 ? 0 : 0.5;
                risk = Math.max(0, -posteriorMean);
                controlRisk = Math.max(0, posteriorMean);
            } else {
                double standardized = posteriorMean / posteriorError;
                chance = Statistics.normalCdf(standardized);
                double density = posteriorError * Statistics.normalDensity(standardized);
                risk = density - posteriorMean * Statistics.normalCdf(-standardized);
                controlRisk = density + posteriorMean * chance;
            }
        }
        return new MetricComparison(
                method,
                alpha,
                control.mean,
                treatment.mean,
                difference,
                difference - multiplier * standardError,
                difference + multiplier * standardError,
                relative,
                relativeLow,
                relativeHigh,
                p,
                chance,
                risk,
                controlRisk,
                varianceReduction);
    }

    private static Estimate estimate(double mean, double perUserVariance, long users) {
        return new Estimate(mean, perUserVariance / users, users);
    }

    private static double checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be above 0 and below 1 (got " + alpha + ")");
        }
        return alpha;
    }

    private static void check(long users, String variant) {
        if (users < 2) {
            throw new IllegalArgumentException(variant + " needs at least 2 users (got " + users + ")");
        }
    }

    private record Estimate(double mean, double varianceOfMean, long users) {}
}
