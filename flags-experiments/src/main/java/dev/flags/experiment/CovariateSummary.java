package dev.flags.experiment;

/**
 * The running sums of a metric and a pre-exposure covariate in one variant (the same metric in the
 * weeks before exposure, typically), for CUPED variance reduction in {@link MetricAnalysis}. Each
 * user contributes a metric value and a covariate value (0 when the user has no history).
 * Additive across instances.
 *
 * @param metric the users' metric values after exposure
 * @param covariate the users' covariate values, measured before exposure
 * @param sumOfProducts the sum over users of metric value times covariate value
 */
public record CovariateSummary(MetricSummary metric, MetricSummary covariate, double sumOfProducts) {

    /** No users. */
    public static final CovariateSummary EMPTY = new CovariateSummary(MetricSummary.EMPTY, MetricSummary.EMPTY, 0);

    /**
     * Checks the sums.
     *
     * @throws IllegalArgumentException when metric and covariate count different users, or the sum
     *     of products is not finite
     */
    public CovariateSummary {
        if (metric.users() != covariate.users()) {
            throw new IllegalArgumentException("metric and covariate must count the same users (got " + metric.users()
                    + " and " + covariate.users() + ")");
        }
        if (!Double.isFinite(sumOfProducts)) {
            throw new IllegalArgumentException("sumOfProducts must be finite (got " + sumOfProducts + ")");
        }
    }

    /**
     * This summary with one more user.
     *
     * @param value the user's metric value
     * @param covariateValue the user's covariate value
     * @return a new summary
     */
    public CovariateSummary plus(double value, double covariateValue) {
        return new CovariateSummary(
                metric.plus(value), covariate.plus(covariateValue), sumOfProducts + value * covariateValue);
    }

    /** The sample covariance of metric and covariate (divisor users - 1). */
    double covariance() {
        long n = metric.users();
        if (n < 2) {
            return Double.NaN;
        }
        return (sumOfProducts - metric.sum() * covariate.sum() / n) / (n - 1);
    }
}
