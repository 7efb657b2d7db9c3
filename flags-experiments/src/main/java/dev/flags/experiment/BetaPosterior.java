package dev.flags.experiment;

/**
 * The Bayesian comparison of two conversion rates with independent Beta posteriors: a uniform
 * Beta(1, 1) prior on each rate, updated by the variant's converting and non-converting users. The
 * chance to beat control {@code P(p_t > p_c)} and the expected losses are one-dimensional integrals
 * over the control's posterior density (the treatment's enters through its CDF, the regularized
 * incomplete beta function), taken by composite Simpson's rule over the range where either
 * posterior has mass. Exact up to the integration, about 1e-9 at the counts results see.
 */
final class BetaPosterior {

    /** Simpson intervals; even. The integrands are smooth, so this is far more than enough. */
    private static final int INTERVALS = 4000;

    /** Posterior standard deviations on each side of the means that the integration covers. */
    private static final double SPAN = 12;

    private BetaPosterior() {}

    /**
     * Chance to beat control and risks, in relative lift.
     *
     * @return {@code {P(p_t > p_c), E[max(0, -(p_t / p_c - 1))], E[max(0, p_t / p_c - 1)]}}
     */
    static double[] compare(long controlUsers, long controlConverting, long treatmentUsers, long treatmentConverting) {
        if (controlConverting == 0) {
            // The lift relative to a rate whose posterior has mass at 0 has no finite expectation.
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double ac = 1 + controlConverting;
        double bc = 1 + controlUsers - controlConverting;
        double at = 1 + treatmentConverting;
        double bt = 1 + treatmentUsers - treatmentConverting;
        double low = Math.max(0, Math.min(lowEnd(ac, bc), lowEnd(at, bt)));
        double high = Math.min(1, Math.max(highEnd(ac, bc), highEnd(at, bt)));
        double logNorm = Statistics.logGamma(ac + bc) - Statistics.logGamma(ac) - Statistics.logGamma(bc);
        double meanT = at / (at + bt);
        double step = (high - low) / INTERVALS;
        double chance = 0;
        double risk = 0;
        double expectedLift = 0;
        for (int i = 0; i <= INTERVALS; i++) {
            double y = low + i * step;
            if (y <= 0 || y >= 1) {
                continue; // the density is 0 at the ends for a, b > 1, and the integrand is bounded
            }
            double weight = (i == 0 || i == INTERVALS) ? 1 : (i % 2 == 1 ? 4 : 2);
            double density = Math.exp(logNorm + (ac - 1) * Math.log(y) + (bc - 1) * Math.log1p(-y));
            double below = Statistics.regularizedBeta(y, at, bt);
            // E[p_t 1{p_t < y}] = E[p_t] P(Beta(at + 1, bt) < y).
            double partialMean = meanT * Statistics.regularizedBeta(y, at + 1, bt);
            chance += weight * density * (1 - below);
            // max(0, 1 - p_t / y) integrated over p_t below y.
            risk += weight * density * (below - partialMean / y);
            expectedLift += weight * density * (meanT / y - 1);
        }
        chance *= step / 3;
        risk *= step / 3;
        expectedLift *= step / 3;
        // E[max(0, L)] = E[L] + E[max(0, -L)] for the lift L = p_t / p_c - 1.
        return new double[] {Math.min(1, Math.max(0, chance)), Math.max(0, risk), Math.max(0, expectedLift + risk)};
    }

    private static double lowEnd(double a, double b) {
        return a / (a + b) - SPAN * standardDeviation(a, b);
    }

    private static double highEnd(double a, double b) {
        return a / (a + b) + SPAN * standardDeviation(a, b);
    }

    private static double standardDeviation(double a, double b) {
        double n = a + b;
        return Math.sqrt(a * b / (n * n * (n + 1)));
    }
}
