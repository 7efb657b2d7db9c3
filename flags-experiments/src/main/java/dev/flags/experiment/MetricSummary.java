package dev.flags.experiment;

/**
 * The running sums of one per-user metric in one variant: users, the sum of their values and the
 * sum of the squares of their values. Enough for the mean, its variance and every test of {@link
 * MetricAnalysis}, and additive across instances (sum the three numbers). A binomial metric
 * (converted or not) is the special case {@link #binomial(long, long)}; a count or mean metric
 * (revenue per user, items per order) sums the value of each user.
 *
 * @param users users in the variant (each contributes one value, zero when they did nothing)
 * @param sum the sum of the users' values
 * @param sumOfSquares the sum of the squares of the users' values
 */
public record MetricSummary(long users, double sum, double sumOfSquares) {

    /** No users. */
    public static final MetricSummary EMPTY = new MetricSummary(0, 0, 0);

    /**
     * Checks the sums.
     *
     * @throws IllegalArgumentException when users is negative, a sum is not finite, or the sum of
     *     squares is negative
     */
    public MetricSummary {
        if (users < 0) {
            throw new IllegalArgumentException("users must not be negative (got " + users + ")");
        }
        if (!Double.isFinite(sum)) {
            throw new IllegalArgumentException("sum must be finite (got " + sum + ")");
        }
        if (!(sumOfSquares >= 0) || Double.isInfinite(sumOfSquares)) {
            throw new IllegalArgumentException(
                    "sumOfSquares must be finite and not negative (got " + sumOfSquares + ")");
        }
    }

    /**
     * A converted-or-not metric: each converting user counts 1, the others 0.
     *
     * @param users users in the variant
     * @param converting users who converted, from 0 to {@code users}
     * @return the summary
     * @throws IllegalArgumentException when converting is not from 0 to users
     */
    public static MetricSummary binomial(long users, long converting) {
        if (converting < 0 || converting > users) {
            throw new IllegalArgumentException(
                    "converting users must be from 0 to " + users + " users (got " + converting + ")");
        }
        return new MetricSummary(users, converting, converting);
    }

    /**
     * The summary of the given values, one per user.
     *
     * @param values the users' values
     * @return the summary
     */
    public static MetricSummary of(double... values) {
        MetricSummary summary = EMPTY;
        for (double value : values) {
            summary = summary.plus(value);
        }
        return summary;
    }

    /**
     * This summary with one more user.
     *
     * @param value the user's value
     * @return a new summary
     */
    public MetricSummary plus(double value) {
        return new MetricSummary(users + 1, sum + value, sumOfSquares + value * value);
    }

    /**
     * This summary and another one together (two instances' sums, say).
     *
     * @param other the other summary
     * @return a new summary
     */
    public MetricSummary plus(MetricSummary other) {
        return new MetricSummary(users + other.users, sum + other.sum, sumOfSquares + other.sumOfSquares);
    }

    /**
     * The mean value per user.
     *
     * @return {@code sum / users}; {@link Double#NaN} without users
     */
    public double mean() {
        return users == 0 ? Double.NaN : sum / users;
    }

    /**
     * The sample variance of the users' values (divisor {@code users - 1}).
     *
     * @return the variance; {@link Double#NaN} with fewer than two users
     */
    public double variance() {
        if (users < 2) {
            return Double.NaN;
        }
        double mean = sum / users;
        return Math.max(0, (sumOfSquares - users * mean * mean) / (users - 1));
    }
}
