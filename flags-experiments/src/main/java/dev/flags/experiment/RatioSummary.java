package dev.flags.experiment;

/**
 * The running sums of a ratio metric in one variant, where each user contributes a numerator and
 * a denominator (revenue and orders, for "revenue per order"; clicks and sessions): the metric is
 * {@code sum of numerators / sum of denominators}, whose variance {@link MetricAnalysis} takes by
 * the delta method, since users, not orders, are the randomized unit. Additive across instances.
 *
 * @param users users in the variant
 * @param numerator the users' numerators: count, sum, sum of squares
 * @param denominator the users' denominators: count, sum, sum of squares
 * @param sumOfProducts the sum over users of numerator times denominator
 */
public record RatioSummary(long users, MetricSummary numerator, MetricSummary denominator, double sumOfProducts) {

    /**
     * Checks the sums.
     *
     * @throws IllegalArgumentException when the numerator or denominator counts differ from users,
     *     or the sum of products is not finite
     */
    public RatioSummary {
        if (numerator.users() != users || denominator.users() != users) {
            throw new IllegalArgumentException("numerator and denominator must count " + users + " users (got "
                    + numerator.users() + " and " + denominator.users() + ")");
        }
        if (!Double.isFinite(sumOfProducts)) {
            throw new IllegalArgumentException("sumOfProducts must be finite (got " + sumOfProducts + ")");
        }
    }

    /** No users. */
    public static final RatioSummary EMPTY = new RatioSummary(0, MetricSummary.EMPTY, MetricSummary.EMPTY, 0);

    /**
     * This summary with one more user.
     *
     * @param numeratorValue the user's numerator
     * @param denominatorValue the user's denominator
     * @return a new summary
     */
    public RatioSummary plus(double numeratorValue, double denominatorValue) {
        return new RatioSummary(
                users + 1,
                numerator.plus(numeratorValue),
                denominator.plus(denominatorValue),
                sumOfProducts + numeratorValue * denominatorValue);
    }

    /**
     * The ratio of the sums.
     *
     * @return {@code numerator.sum / denominator.sum}; {@link Double#NaN} when the denominator sum is 0
     */
    public double ratio() {
        return denominator.sum() == 0 ? Double.NaN : numerator.sum() / denominator.sum();
    }

    /** The sample covariance of numerator and denominator (divisor users - 1). */
    double covariance() {
        if (users < 2) {
            return Double.NaN;
        }
        return (sumOfProducts - numerator.sum() * denominator.sum() / users) / (users - 1);
    }
}
