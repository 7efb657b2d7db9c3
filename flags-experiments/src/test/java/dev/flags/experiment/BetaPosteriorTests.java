package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

/**
 * The Beta posteriors of conversion rates against two independent oracles: Evan Miller's closed
 * form of {@code P(p_t > p_c)} ("Formulas for Bayesian A/B Testing", 2015), summed here with
 * Commons Math 3.6.1's {@code Beta.logBeta}, and Commons Math's {@code BetaDistribution} with its
 * iterative Legendre-Gauss integrator for the expected losses in relative lift.
 */
class BetaPosteriorTests {

    /** sum_{i=0}^{at-1} B(ac+i, bc+bt) / ((bt+i) B(1+i, bt) B(ac, bc)), by Evan Miller. */
    private static double millerChance(double ac, double bc, double at, double bt) {
        double total = 0;
        for (int i = 0; i < at; i++) {
            total += Math.exp(
                    Beta.logBeta(ac + i, bc + bt) - Math.log(bt + i) - Beta.logBeta(1 + i, bt) - Beta.logBeta(ac, bc));
        }
        // Miller's sum is P(p_t > p_c) with the roles as written: B = treatment, A = control.
        return total;
    }

    private static double integrate(java.util.function.DoubleUnaryOperator f, double low, double high) {
        return new IterativeLegendreGaussIntegrator(16, 1e-10, 1e-10).integrate(100_000, f::applyAsDouble, low, high);
    }

    private static void check(long nc, long xc, long nt, long xt) {
        double[] ours = BetaPosterior.compare(nc, xc, nt, xt);
        BetaDistribution control = new BetaDistribution(1 + xc, 1 + nc - xc);
        BetaDistribution treatment = new BetaDistribution(1 + xt, 1 + nt - xt);
        assertThat(ours[0])
                .as("chance to beat control of %d/%d against %d/%d", xt, nt, xc, nc)
                .isCloseTo(millerChance(1 + xc, 1 + nc - xc, 1 + xt, 1 + nt - xt), within(1e-8));
        double low = Math.max(
                1e-12,
                Math.min(control.inverseCumulativeProbability(1e-12), treatment.inverseCumulativeProbability(1e-12)));
        double high = Math.min(
                1 - 1e-12,
                Math.max(
                        control.inverseCumulativeProbability(1 - 1e-12),
                        treatment.inverseCumulativeProbability(1 - 1e-12)));
        double meanT = treatment.getNumericalMean();
        BetaDistribution shifted = new BetaDistribution(2 + xt, 1 + nt - xt);
        // E[max(0, 1 - p_t / p_c)]: for each p_c = y, the integral of (1 - x / y) over x below y.
        double risk = integrate(
                y -> control.density(y)
                        * (treatment.cumulativeProbability(y) - meanT * shifted.cumulativeProbability(y) / y),
                low,
                high);
        double expectedLift = integrate(y -> control.density(y) * (meanT / y - 1), low, high);
        assertThat(ours[1]).as("risk").isCloseTo(risk, within(1e-8));
        assertThat(ours[2]).as("control risk").isCloseTo(expectedLift + risk, within(1e-8));
    }

    @Test
    void chanceToBeatControlAndRisksMatchTheClosedFormAndCommonsMath() {
        check(1000, 100, 1000, 130);
        check(50, 3, 40, 1);
        check(300, 299, 300, 280);
    }

    @Test
    void aWorkedExample() {
        // 100 of 1000 against 130 of 1000: Miller's closed form gives 0.9798...; the normal
        // approximation of the difference (0.03 / sqrt(0.1*0.9/1000 + 0.13*0.87/1000) = 2.102) gives 0.982.
        double[] ours = BetaPosterior.compare(1000, 100, 1000, 130);
        assertThat(ours[0]).isCloseTo(millerChance(101, 901, 131, 871), within(1e-9));
        assertThat(ours[0]).isBetween(0.97, 0.99);
        assertThat(ours[1]).as("small: the treatment is very likely better").isLessThan(0.002);
        assertThat(ours[2]).isCloseTo(0.30, within(0.02));
    }

    @Test
    void withoutControlConversionsTheRelativeValuesAreUndefined() {
        double[] ours = BetaPosterior.compare(100, 0, 100, 5);
        assertThat(ours[0]).isNaN();
        assertThat(ours[1]).isNaN();
    }
}
