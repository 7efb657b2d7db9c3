package dev.flags.experiment;

import java.util.concurrent.atomic.DoubleAdder;

/**
 * The running sums of one metric in one variant, over the users of the variant: their values, the
 * squares of their values, for a ratio their denominators and the products with them, for CUPED
 * their covariates and the products with them. What {@link MetricSummary}, {@link RatioSummary}
 * and {@link CovariateSummary} take, and additive across processes.
 */
final class MetricSums {

    final DoubleAdder sum = new DoubleAdder();
    final DoubleAdder sumOfSquares = new DoubleAdder();
    final DoubleAdder denominatorSum = new DoubleAdder();
    final DoubleAdder denominatorSumOfSquares = new DoubleAdder();
    final DoubleAdder denominatorProducts = new DoubleAdder();
    final DoubleAdder covariateSum = new DoubleAdder();
    final DoubleAdder covariateSumOfSquares = new DoubleAdder();
    final DoubleAdder covariateProducts = new DoubleAdder();

    MetricSummary values(long users) {
        return new MetricSummary(users, sum.sum(), Math.max(0, sumOfSquares.sum()));
    }

    MetricSummary denominators(long users) {
        return new MetricSummary(users, denominatorSum.sum(), Math.max(0, denominatorSumOfSquares.sum()));
    }

    RatioSummary ratio(long users) {
        return new RatioSummary(users, values(users), denominators(users), denominatorProducts.sum());
    }

    CovariateSummary covariate(long users) {
        return new CovariateSummary(
                values(users),
                new MetricSummary(users, covariateSum.sum(), Math.max(0, covariateSumOfSquares.sum())),
                covariateProducts.sum());
    }
}
