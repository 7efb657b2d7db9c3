package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flags.experiment.MetricComparison.Method;
import java.util.Random;
import org.apache.commons.math3.analysis.integration.SimpsonIntegrator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.math3.stat.inference.TestUtils;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * The metric methods against independent references: Apache Commons Math 3.6.1 (test scope only)
 * as the oracle for Student's t, the incomplete beta function, Welch's test, covariances, least
 * squares and numerical integration; closed forms computed with Python's {@code math} module where
 * a comment says so (SciPy is not installable here).
 */
class MetricAnalysisTests {

    private static final MetricAnalysis FIXED = MetricAnalysis.fixedHorizon(0.05);

    @Test
    void studentTAndIncompleteBetaMatchCommonsMath() {
        double[][] cases = {{0.5, 3}, {1.96, 10}, {2.5, 24.7}, {-3.1, 120}, {4, 1}, {0.01, 2.5}, {6, 1000}};
        for (double[] c : cases) {
            TDistribution t = new TDistribution(c[1]);
            double expected = 2 * t.cumulativeProbability(-Math.abs(c[0]));
            assertThat(Statistics.studentTwoSided(c[0], c[1]))
                    .as("t=%s df=%s", c[0], c[1])
                    .isCloseTo(expected, within(1e-12));
        }
        double[] dfs = {1, 2.5, 7, 30, 311.4, 1e5};
        for (double df : dfs) {
            assertThat(Statistics.studentQuantile(0.975, df))
                    .as("df=%s", df)
                    .isCloseTo(new TDistribution(df).inverseCumulativeProbability(0.975), within(1e-8));
        }
        assertThat(Statistics.regularizedBeta(0.3, 2, 5)).isCloseTo(Beta.regularizedBeta(0.3, 2, 5), within(1e-13));
        assertThat(Statistics.regularizedBeta(0.9, 0.5, 40))
                .isCloseTo(Beta.regularizedBeta(0.9, 0.5, 40), within(1e-13));
    }

    @Test
    void meanMetricIsWelchsTestAsCommonsMathComputesIt() {
        Random random = new Random(18);
        double[] control = revenue(random, 400, 20);
        double[] treatment = revenue(random, 380, 23);
        MetricComparison result = FIXED.compare(MetricSummary.of(control), MetricSummary.of(treatment));

        assertThat(result.method()).isEqualTo(Method.FIXED_HORIZON);
        assertThat(result.controlMean()).isCloseTo(StatUtils.mean(control), within(1e-9));
        assertThat(result.difference()).isCloseTo(StatUtils.mean(treatment) - StatUtils.mean(control), within(1e-9));
        assertThat(result.pValue()).isCloseTo(TestUtils.tTest(treatment, control), within(1e-10));

        double vc = StatUtils.variance(control) / control.length;
        double vt = StatUtils.variance(treatment) / treatment.length;
        double df = (vc + vt) * (vc + vt) / (vc * vc / (control.length - 1) + vt * vt / (treatment.length - 1));
        double half = new TDistribution(df).inverseCumulativeProbability(0.975) * Math.sqrt(vc + vt);
        assertThat(result.differenceLow()).isCloseTo(result.difference() - half, within(1e-7));
        assertThat(result.differenceHigh()).isCloseTo(result.difference() + half, within(1e-7));
        double mc = StatUtils.mean(control);
        double mt = StatUtils.mean(treatment);
        double relativeError = Math.sqrt(vt / (mc * mc) + mt * mt * vc / (mc * mc * mc * mc));
        assertThat(result.relative()).isCloseTo(mt / mc - 1, within(1e-12));
        assertThat(result.relativeLow())
                .isCloseTo(
                        mt / mc - 1 - new TDistribution(df).inverseCumulativeProbability(0.975) * relativeError,
                        within(1e-7));
    }

    @Test
    void binomialMetricIsWelchsTestOnZerosAndOnes() {
        double[] control = bernoulli(1000, 100);
        double[] treatment = bernoulli(1000, 130);
        MetricComparison result = FIXED.compare(MetricSummary.binomial(1000, 100), MetricSummary.binomial(1000, 130));
        assertThat(result.difference()).isCloseTo(0.03, within(1e-12));
        assertThat(result.relative()).isCloseTo(0.3, within(1e-12));
        assertThat(result.pValue()).isCloseTo(TestUtils.tTest(treatment, control), within(1e-10));
        assertThat(result.significant()).isTrue();
    }

    @Test
    void ratioMetricTakesTheDeltaMethodVariance() {
        Random random = new Random(7);
        RatioSummary control = RatioSummary.EMPTY;
        RatioSummary treatment = RatioSummary.EMPTY;
        double[][] c = new double[2][500];
        double[][] t = new double[2][500];
        for (int i = 0; i < 500; i++) {
            c[1][i] = 1 + random.nextInt(4); // orders
            c[0][i] = c[1][i] * (30 + 10 * random.nextGaussian()); // revenue
            t[1][i] = 1 + random.nextInt(4);
            t[0][i] = t[1][i] * (33 + 10 * random.nextGaussian());
            control = control.plus(c[0][i], c[1][i]);
            treatment = treatment.plus(t[0][i], t[1][i]);
        }
        MetricComparison result = FIXED.compare(control, treatment);
        double rc = StatUtils.sum(c[0]) / StatUtils.sum(c[1]);
        double rt = StatUtils.sum(t[0]) / StatUtils.sum(t[1]);
        assertThat(result.controlMean()).isCloseTo(rc, within(1e-12));
        assertThat(result.difference()).isCloseTo(rt - rc, within(1e-12));
        double vc = deltaVariance(c, rc);
        double vt = deltaVariance(t, rt);
        double df = (vc + vt) * (vc + vt) / (vc * vc / 499 + vt * vt / 499);
        double half = new TDistribution(df).inverseCumulativeProbability(0.975) * Math.sqrt(vc + vt);
        assertThat(result.differenceHigh() - result.difference()).isCloseTo(half, within(1e-7));
        assertThat(result.pValue())
                .isCloseTo(
                        2 * new TDistribution(df).cumulativeProbability(-Math.abs(rt - rc) / Math.sqrt(vc + vt)),
                        within(1e-10));
    }

    @Test
    void cupedEqualsTheTreatmentCoefficientOfTheRegressionAndRemovesRhoSquared() {
        Random random = new Random(11);
        int n = 2000;
        CovariateSummary control = CovariateSummary.EMPTY;
        CovariateSummary treatment = CovariateSummary.EMPTY;
        double[] y = new double[2 * n];
        double[][] x = new double[2 * n][2];
        for (int i = 0; i < 2 * n; i++) {
            boolean treated = i >= n;
            double before = 50 + 10 * random.nextGaussian();
            double after = 0.8 * before + 6 * random.nextGaussian() + (treated ? 1 : 0);
            y[i] = after;
            x[i][0] = treated ? 1 : 0;
            x[i][1] = before;
            if (treated) {
                treatment = treatment.plus(after, before);
            } else {
                control = control.plus(after, before);
            }
        }
        MetricComparison adjusted = FIXED.compare(control, treatment);
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        assertThat(adjusted.difference()).isCloseTo(ols.estimateRegressionParameters()[1], within(1e-9));

        MetricComparison plain = FIXED.compare(control.metric(), treatment.metric());
        double rho = new Covariance().covariance(column(x, 1), y)
                / Math.sqrt(StatUtils.variance(column(x, 1)) * StatUtils.variance(y));
        // theory: Var(cuped) = Var(y) (1 - rho^2); rho is about 0.8 here
        assertThat(adjusted.varianceReduction()).isCloseTo(rho * rho, within(0.01));
        assertThat(adjusted.differenceHigh() - adjusted.differenceLow())
                .isLessThan(0.65 * (plain.differenceHigh() - plain.differenceLow()));
        assertThat(adjusted.significant()).isTrue();
    }

    @Test
    void cupedWithAnUnrelatedCovariateChangesAlmostNothing() {
        Random random = new Random(12);
        CovariateSummary control = CovariateSummary.EMPTY;
        CovariateSummary treatment = CovariateSummary.EMPTY;
        for (int i = 0; i < 1000; i++) {
            control = control.plus(random.nextGaussian(), random.nextGaussian());
            treatment = treatment.plus(random.nextGaussian(), random.nextGaussian());
        }
        assertThat(FIXED.compare(control, treatment).varianceReduction()).isLessThan(0.01);
    }

    @Test
    void chanceToBeatControlAndRiskAreThoseOfTheNormalPosteriorOfTheLift() {
        MetricSummary control = summary(2000, 10, 9);
        MetricSummary treatment = summary(2000, 10.2, 9.5);
        MetricComparison result = FIXED.compare(control, treatment);
        double lift = 10.2 / 10 - 1;
        double error = Math.sqrt(9.5 / 2000 / 100 + 1.02 * 1.02 * 9 / 2000 / 100);
        NormalDistribution posterior = new NormalDistribution(lift, error);
        assertThat(result.chanceToBeatControl()).isCloseTo(1 - posterior.cumulativeProbability(0), within(1e-12));
        SimpsonIntegrator integrator = new SimpsonIntegrator();
        double risk = integrator.integrate(
                1_000_000, x -> Math.max(0, -x) * posterior.density(x), lift - 12 * error, lift + 12 * error);
        double controlRisk = integrator.integrate(
                1_000_000, x -> Math.max(0, x) * posterior.density(x), lift - 12 * error, lift + 12 * error);
        assertThat(result.risk()).isCloseTo(risk, within(1e-8));
        assertThat(result.controlRisk()).isCloseTo(controlRisk, within(1e-8));
        // E[max(0, x)] - E[max(0, -x)] = E[x]
        assertThat(result.controlRisk() - result.risk()).isCloseTo(lift, within(1e-12));
    }

    @Test
    void aNormalPriorShrinksTheLiftTowardsItsMean() {
        MetricSummary control = summary(2000, 10, 9);
        MetricSummary treatment = summary(2000, 10.2, 9.5);
        double lift = 0.02;
        double variance = 9.5 / 2000 / 100 + 1.02 * 1.02 * 9 / 2000 / 100;
        MetricComparison result = FIXED.withPrior(0, 0.01).compare(control, treatment);
        double precision = 1 / variance + 1 / 1e-4;
        double mean = lift / variance / precision;
        assertThat(result.chanceToBeatControl())
                .isCloseTo(
                        new NormalDistribution(mean, Math.sqrt(1 / precision)).cumulativeProbability(1e9)
                                - new NormalDistribution(mean, Math.sqrt(1 / precision)).cumulativeProbability(0),
                        within(1e-12));
        assertThat(result.chanceToBeatControl())
                .isLessThan(FIXED.compare(control, treatment).chanceToBeatControl());
        assertThat(result.pValue()).isEqualTo(FIXED.compare(control, treatment).pValue());
    }

    @Test
    void sequentialIntervalAndPValueFollowTheNormalMixture() {
        // Control and treatment: 2,500 users each, variance 1, means 0 and 3 standard errors apart.
        double standardError = Math.sqrt(2.0 / 2500);
        MetricSummary control = summary(2500, 0, 1);
        MetricSummary treatment = summary(2500, 3 * standardError, 1);
        MetricComparison result = MetricAnalysis.sequential(0.05, 20_000).compare(control, treatment);
        assertThat(result.method()).isEqualTo(Method.SEQUENTIAL);
        // Python math, gbstats' formula: rho^2 = (-2 ln a + ln(-2 ln a + 1)) / 20000, n = 5000,
        // sqrt(2 (n rho^2 + 1) / (n rho^2) ln(sqrt(n rho^2 + 1) / a)) = 3.2642933718264056,
        // min(1, sqrt(n rho^2 + 1) exp(-9 n rho^2 / (2 (n rho^2 + 1)))) = 0.08669684203474981
        assertThat(result.differenceHigh() - result.difference())
                .isCloseTo(3.2642933718264056 * standardError, within(1e-9));
        assertThat(result.pValue()).isCloseTo(0.08669684203474981, within(1e-9));
        assertThat(result.significant()).isFalse();
        assertThat(result.differenceLow()).isLessThan(0);
        // the same data read at a fixed horizon: z = 3, p = 0.0027
        assertThat(FIXED.compare(control, treatment).significant()).isTrue();
        // at the tuning size: Python math, same formula with n = 20000: 3.0352089903762534
        MetricComparison tuned =
                MetricAnalysis.sequential(0.05, 20_000).compare(summary(10_000, 0, 1), summary(10_000, 0, 1));
        assertThat(tuned.differenceHigh()).isCloseTo(3.0352089903762534 * Math.sqrt(2.0 / 10_000), within(1e-9));
        assertThat(tuned.pValue()).isEqualTo(1);
    }

    @Test
    void sequentialTestKeepsItsLevelWhenPeekedDailyWhereTheFixedHorizonTestDoesNot() {
        // A/A: 500 simulated experiments, 30 days, 100 users per variant per day, looked at daily.
        Random random = new Random(20261201);
        int experiments = 500;
        int days = 30;
        int falseFixed = 0;
        int falseSequential = 0;
        int falseFixedAtEnd = 0;
        MetricAnalysis sequential = MetricAnalysis.sequential(0.05, 2L * days * 100);
        for (int e = 0; e < experiments; e++) {
            MetricSummary control = MetricSummary.EMPTY;
            MetricSummary treatment = MetricSummary.EMPTY;
            boolean fixedFired = false;
            boolean sequentialFired = false;
            for (int day = 0; day < days; day++) {
                for (int u = 0; u < 100; u++) {
                    control = control.plus(10 + 3 * random.nextGaussian());
                    treatment = treatment.plus(10 + 3 * random.nextGaussian());
                }
                fixedFired |= FIXED.compare(control, treatment).significant();
                sequentialFired |= sequential.compare(control, treatment).significant();
            }
            falseFixedAtEnd += FIXED.compare(control, treatment).significant() ? 1 : 0;
            falseFixed += fixedFired ? 1 : 0;
            falseSequential += sequentialFired ? 1 : 0;
        }
        double fixedRate = (double) falseFixed / experiments;
        double sequentialRate = (double) falseSequential / experiments;
        double endRate = (double) falseFixedAtEnd / experiments;
        assertThat(endRate).as("fixed horizon, one look").isBetween(0.03, 0.07);
        assertThat(fixedRate).as("fixed horizon, daily peeks").isGreaterThan(0.15);
        assertThat(sequentialRate).as("sequential, daily peeks").isLessThanOrEqualTo(0.05);
    }

    @Test
    void sequentialTestStillFindsARealEffect() {
        Random random = new Random(3);
        MetricSummary control = MetricSummary.EMPTY;
        MetricSummary treatment = MetricSummary.EMPTY;
        for (int u = 0; u < 3000; u++) {
            control = control.plus(10 + 3 * random.nextGaussian());
            treatment = treatment.plus(10.5 + 3 * random.nextGaussian());
        }
        assertThat(MetricAnalysis.sequential(0.05, 6000)
                        .compare(control, treatment)
                        .significant())
                .isTrue();
    }

    @Test
    void guardrailIsWorseWhenTheWholeIntervalIsOnTheBadSide() {
        MetricComparison lower = FIXED.compare(summary(5000, 10, 4), summary(5000, 9.7, 4));
        assertThat(lower.worse(true)).isTrue();
        assertThat(lower.worse(false)).isFalse();
        MetricComparison flat = FIXED.compare(summary(5000, 10, 4), summary(5000, 10.01, 4));
        assertThat(flat.worse(true)).isFalse();
        assertThat(flat.worse(false)).isFalse();
    }

    @Test
    void degenerateDataGivesDefinedAnswers() {
        MetricComparison same = FIXED.compare(MetricSummary.binomial(10, 0), MetricSummary.binomial(10, 0));
        assertThat(same.pValue()).isEqualTo(1);
        assertThat(same.relative()).isNaN();
        assertThat(same.chanceToBeatControl()).isNaN();
        MetricComparison constant = FIXED.compare(MetricSummary.binomial(10, 10), MetricSummary.binomial(10, 10));
        assertThat(constant.pValue()).isEqualTo(1);
        assertThat(constant.chanceToBeatControl()).isEqualTo(0.5);
        MetricComparison apart = FIXED.compare(MetricSummary.binomial(10, 0), MetricSummary.of(1, 1));
        assertThat(apart.pValue()).isZero();
    }

    @Test
    void badInputIsRejectedWithTheReason() {
        assertThatThrownBy(() -> FIXED.compare(MetricSummary.of(1), MetricSummary.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("control needs at least 2 users (got 1)");
        assertThatThrownBy(() -> MetricAnalysis.fixedHorizon(0))
                .hasMessage("alpha must be above 0 and below 1 (got 0.0)");
        assertThatThrownBy(() -> MetricAnalysis.sequential(0.05, 0))
                .hasMessage("tuningUsers must be at least 1 (got 0)");
        assertThatThrownBy(() -> FIXED.withPrior(0, 0))
                .hasMessage("prior standard deviation must be above 0 and finite (got 0.0)");
        assertThatThrownBy(() -> MetricSummary.binomial(10, 11))
                .hasMessage("converting users must be from 0 to 10 users (got 11)");
        assertThatThrownBy(() -> new MetricSummary(-1, 0, 0)).hasMessage("users must not be negative (got -1)");
        assertThatThrownBy(() -> new MetricSummary(1, Double.NaN, 0)).hasMessage("sum must be finite (got NaN)");
        assertThatThrownBy(() -> new RatioSummary(2, MetricSummary.of(1, 2), MetricSummary.of(1), 0))
                .hasMessage("numerator and denominator must count 2 users (got 2 and 1)");
        RatioSummary noOrders = RatioSummary.EMPTY.plus(0, 0).plus(0, 0);
        assertThatThrownBy(() -> FIXED.compare(noOrders, noOrders)).hasMessage("control has a denominator sum of 0");
        assertThatThrownBy(() -> new CovariateSummary(MetricSummary.of(1), MetricSummary.EMPTY, 0))
                .hasMessage("metric and covariate must count the same users (got 1 and 0)");
    }

    @Test
    void summariesAddAcrossInstances() {
        MetricSummary one = MetricSummary.of(1, 2, 3);
        MetricSummary two = MetricSummary.of(4, 5);
        assertThat(one.plus(two)).isEqualTo(MetricSummary.of(1, 2, 3, 4, 5));
        assertThat(MetricSummary.of(1, 2, 3, 4, 5).mean()).isEqualTo(3);
        assertThat(MetricSummary.of(1, 2, 3, 4, 5).variance()).isEqualTo(2.5);
        assertThat(MetricSummary.of(1).variance()).isNaN();
    }

    /** A summary with the given users, mean and sample variance. */
    static MetricSummary summary(long users, double mean, double variance) {
        return new MetricSummary(users, users * mean, (users - 1) * variance + users * mean * mean);
    }

    private static double deltaVariance(double[][] values, double ratio) {
        int n = values[0].length;
        double meanDenominator = StatUtils.mean(values[1]);
        double vn = StatUtils.variance(values[0]);
        double vd = StatUtils.variance(values[1]);
        double cov = new Covariance().covariance(values[0], values[1]);
        return (vn - 2 * ratio * cov + ratio * ratio * vd) / (meanDenominator * meanDenominator) / n;
    }

    private static double[] revenue(Random random, int n, double mean) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble() < 0.3 ? -mean * Math.log(1 - random.nextDouble()) / 0.3 : 0;
        }
        return values;
    }

    private static double[] bernoulli(int n, int ones) {
        double[] values = new double[n];
        for (int i = 0; i < ones; i++) {
            values[i] = 1;
        }
        return values;
    }

    private static double[] column(double[][] x, int column) {
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            values[i] = x[i][column];
        }
        return values;
    }
}
