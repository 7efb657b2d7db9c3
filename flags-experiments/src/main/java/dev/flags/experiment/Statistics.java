package dev.flags.experiment;

/**
 * The few distribution functions experiment results need, in plain double arithmetic: the standard
 * normal CDF and quantile, and the chi-square survival function through the regularized incomplete
 * gamma function. Accurate to about 1e-14 relative in the ranges results use; tested against SciPy.
 */
final class Statistics {

    private static final double LN_SQRT_PI = 0.5723649429247001; // ln(sqrt(pi))
    private static final double SQRT_2PI = 2.5066282746310002;
    private static final double EPSILON = 1e-16;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private Statistics() {}

    /** P(Z <= x) for a standard normal Z. */
    static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        // Phi(x) = erfc(-x / sqrt 2) / 2, and erfc(z) = Q(1/2, z^2) for z >= 0.
        double z = x / Math.sqrt(2);
        double tail = 0.5 * upperGamma(0.5, z * z, LN_SQRT_PI);
        return x < 0 ? tail : 1 - tail;
    }

    /** P(Z > x) for a standard normal Z, without the cancellation of {@code 1 - normalCdf(x)}. */
    static double normalSurvival(double x) {
        return normalCdf(-x);
    }

    /**
     * The x with P(Z <= x) = p: Acklam's rational approximation, refined with one Halley step
     * against {@link #normalCdf}.
     */
    static double normalQuantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be from 0 to 1 (got " + p + ")");
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double x;
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                                                            - 2.549732539343734e+00)
                                                    * q
                                            + 4.374664141464968e+00)
                                    * q
                            + 2.938163982698783e+00)
                    / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                                            + 3.754408661907416e+00)
                                    * q
                            + 1);
        } else if (p <= 1 - low) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                                                            + 1.383577518672690e+02)
                                                    * r
                                            - 3.066479806614716e+01)
                                    * r
                            + 2.506628277459239e+00)
                    * q
                    / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                                                            + 6.680131188771972e+01)
                                                    * r
                                            - 1.328068155288572e+01)
                                    * r
                            + 1);
        } else {
            return -normalQuantile(1 - p);
        }
        double e = normalCdf(x) - p;
        double u = e * SQRT_2PI * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /** The standard normal density at x. */
    static double normalDensity(double x) {
        return Math.exp(-x * x / 2) / SQRT_2PI;
    }

    /**
     * P(|T| > |t|) for T Student-t distributed with the given (possibly fractional) degrees of
     * freedom: I_{df / (df + t^2)}(df / 2, 1 / 2) by the regularized incomplete beta function.
     */
    static double studentTwoSided(double t, double degreesOfFreedom) {
        if (Double.isNaN(t) || Double.isNaN(degreesOfFreedom)) {
            return Double.NaN;
        }
        if (Double.isInfinite(degreesOfFreedom)) {
            return Math.min(1, 2 * normalSurvival(Math.abs(t)));
        }
        return regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
    }

    /**
     * The t with P(T <= t) = p for p in [1/2, 1): Newton's method on {@link #studentTwoSided} from
     * the normal quantile (a few steps; results compute one per comparison), with bisection as the
     * fallback should Newton leave the bracket.
     */
    static double studentQuantile(double p, double degreesOfFreedom) {
        if (!(p >= 0.5 && p < 1)) {
            throw new IllegalArgumentException("p must be from 0.5 to below 1 (got " + p + ")");
        }
        double target = 2 * (1 - p);
        if (p == 0.5) {
            return 0;
        }
        double logDensityFactor = logGamma((degreesOfFreedom + 1) / 2)
                - logGamma(degreesOfFreedom / 2)
                - 0.5 * Math.log(degreesOfFreedom * Math.PI);
        double t = normalQuantile(p); // the t quantile lies above it for every degrees of freedom
        for (int i = 0; i < 50; i++) {
            double density =
                    Math.exp(logDensityFactor - (degreesOfFreedom + 1) / 2 * Math.log1p(t * t / degreesOfFreedom));
            double step = (studentTwoSided(t, degreesOfFreedom) - target) / (2 * density);
            double next = t + step;
            if (!(next > 0) || Double.isInfinite(next)) {
                return studentQuantileByBisection(target, degreesOfFreedom);
            }
            t = next;
            if (Math.abs(step) <= 1e-15 * t) {
                return t;
            }
        }
        return studentQuantileByBisection(target, degreesOfFreedom);
    }

    private static double studentQuantileByBisection(double target, double degreesOfFreedom) {
        double low = 0;
        double high = 1;
        while (studentTwoSided(high, degreesOfFreedom) > target) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-15 * high; i++) {
            double middle = (low + high) / 2;
            if (studentTwoSided(middle, degreesOfFreedom) > target) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /**
     * The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction (on the
     * side of x where it converges fast), as in Numerical Recipes.
     */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < tiny) {
            d = tiny;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return h;
    }

    /** P(X > x) for X chi-square distributed with the given degrees of freedom. */
    static double chiSquareSurvival(double x, int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1 (got " + degreesOfFreedom + ")");
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1;
        }
        double a = degreesOfFreedom / 2.0;
        return upperGamma(a, x / 2, logGamma(a));
    }

    /** ln Gamma(x) for x > 0, by the Lanczos approximation (g = 7, n = 9). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double y = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (y + i);
        }
        double t = y + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * The regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a): the series
     * for P below x < a + 1, Lentz's continued fraction for Q above, as in Numerical Recipes.
     */
    static double upperGamma(double a, double x, double logGammaA) {
        if (x <= 0) {
            return 1;
        }
        double prefix = Math.exp(-x + a * Math.log(x) - logGammaA);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                    break;
                }
            }
            return 1 - sum * prefix;
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return prefix * h;
    }
}
