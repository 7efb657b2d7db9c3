package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.definition.Definitions;
import dev.flags.definition.Experiment;
import dev.flags.definition.ExperimentMetric;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Serve;
import dev.flags.experiment.MetricComparison.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * CUPED from the conversion history in-process: a user's conversions before their first exposure,
 * within the look-back, are their covariate when none is supplied at exposure. The oracle is the
 * per-user data the simulation keeps itself, adjusted with Commons Math (the regression of the
 * metric on the variant and the covariate, and the variances of the adjusted values).
 */
class CupedHistoryTests {

    /** Old purchases: 14 days and 12 hours before the exposures, outside the default 14-day look-back. */
    static final Instant OLD = Instant.parse("2026-11-26T00:00:00Z");
    /** History purchases: before the start, inside the look-back of every exposure. */
    static final Instant HISTORY = Instant.parse("2026-11-28T00:00:00Z");
    /** Exposures and the purchases after them. */
    static final Instant EXPOSED = Instant.parse(ExperimentFixtures.INSIDE);

    /** pricing: purchase (binomial), revenue (mean, CUPED attribute revenue-28d when supplied), orders (count). */
    static FlagDefinition pricing() {
        return FlagDefinition.builder("pricing")
                .type(FlagType.STRING)
                .variant("standard", "S")
                .variant("discount", "D")
                .defaultVariant("standard")
                .fallthrough(Serve.split("standard", 50).and("discount", 50))
                .experiment(Experiment.of("standard", ExperimentFixtures.START, ExperimentFixtures.END, "purchase")
                        .withMetrics(
                                ExperimentMetric.mean("revenue", "purchase").withCovariate("revenue-28d"),
                                ExperimentMetric.count("orders", "purchase")))
                .build();
    }

    /** One simulated user: variant, pre-exposure revenue, orders and purchase, revenue and orders after. */
    record User(
            String variant, double revenueBefore, int ordersBefore, double revenue, int orders, boolean attribute) {}

    /**
     * 1,000 users, seed 1807: 60% bought before (1 to 3 orders of 20 to 60), one in ten also 14.5
     * days before exposure (outside the look-back), every fifth supplies its revenue-28d attribute
     * (which then wins over the history for revenue); after exposure, earlier buyers buy more, and
     * the discount sells 20% more often.
     */
    static List<User> simulate(MutableClock clock, FlagManager flags, Experiments experiments) {
        Random random = new Random(1807);
        int n = 1000;
        double[][] before = new double[n][];
        clock.set(OLD);
        for (int i = 0; i < n; i++) {
            if (i % 10 == 0) {
                experiments.track("purchase", EvaluationContext.of("user-" + i), 500);
            }
        }
        clock.set(HISTORY);
        for (int i = 0; i < n; i++) {
            int orders = random.nextDouble() < 0.6 ? 1 + random.nextInt(3) : 0;
            double revenue = 0;
            for (int o = 0; o < orders; o++) {
                double amount = Math.round((20 + 40 * random.nextDouble()) * 100) / 100.0;
                experiments.track("purchase", EvaluationContext.of("user-" + i), amount);
                revenue += amount;
            }
            before[i] = new double[] {revenue, orders};
        }
        clock.set(EXPOSED);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean attribute = i % 5 == 0;
            EvaluationContext.Builder context = EvaluationContext.builder().targetingKey("user-" + i);
            if (attribute) {
                context.attribute("revenue-28d", 100 + i % 7);
            }
            EvaluationContext user = context.build();
            String variant = flags.getString("pricing", "S", user).equals("D") ? "discount" : "standard";
            double chance = (variant.equals("discount") ? 0.3 : 0.25) + before[i][1] * 0.15;
            int orders = 0;
            double revenue = 0;
            while (orders < 6 && random.nextDouble() < chance) {
                double amount = Math.round((15 + before[i][0] / 4 + 30 * random.nextDouble()) * 100) / 100.0;
                experiments.track("purchase", user, amount);
                revenue += amount;
                orders++;
            }
            users.add(new User(
                    variant, attribute ? 100 + i % 7 : before[i][0], (int) before[i][1], revenue, orders, attribute));
        }
        return users;
    }

    private final MutableClock clock = new MutableClock(OLD);

    private ExperimentResults run(ExperimentAnalysis analysis, List<User> users) {
        try (InspectableFlagManager flags = FlagManager.builder()
                        .definitions(Definitions.of(pricing()))
                        .clock(clock)
                        .build();
                Experiments experiments = Experiments.builder(flags)
                        .clock(clock)
                        .analysis(analysis)
                        .build()) {
            users.addAll(simulate(clock, flags, experiments));
            return experiments.results("pricing");
        }
    }

    private static final ExperimentAnalysis FIXED = ExperimentAnalysis.DEFAULT.withMethod(Method.FIXED_HORIZON);

    @Test
    void aUsersPurchasesBeforeExposureWithinTheLookBackAreTheirCovariate() {
        List<User> users = new ArrayList<>();
        ExperimentResults results = run(FIXED, users);

        assertCuped(
                results.metric("revenue").variant("discount").comparison(),
                users,
                u -> u.revenue(),
                u -> u.revenueBefore());
        assertCuped(
                results.metric("orders").variant("discount").comparison(),
                users,
                u -> u.orders(),
                u -> u.ordersBefore());
        assertCuped(
                results.metric("purchase").variant("discount").comparison(),
                users,
                u -> u.orders() > 0 ? 1 : 0,
                u -> u.ordersBefore() > 0 ? 1 : 0);
        assertThat(results.metric("revenue").variant("discount").comparison().varianceReduction())
                .as("earlier spending predicts later spending")
                .isGreaterThan(0.1);
        assertThat(results.metric("orders").variant("discount").comparison().varianceReduction())
                .isGreaterThan(0.05);
    }

    @Test
    void withoutLookBackTheMetricsAreComparedPlainly() {
        List<User> users = new ArrayList<>();
        ExperimentResults results = run(FIXED.withCupedLookBack(Duration.ZERO), users);
        MetricComparison orders = results.metric("orders").variant("discount").comparison();
        assertThat(orders.varianceReduction()).isZero();
        double[] control = values(users, "standard", u -> u.orders());
        double[] treatment = values(users, "discount", u -> u.orders());
        assertThat(orders.difference()).isCloseTo(StatUtils.mean(treatment) - StatUtils.mean(control), within(1e-12));
        // the conversion rate keeps its Beta posteriors without a covariate
        MetricComparison purchase =
                results.metric("purchase").variant("discount").comparison();
        double[] beta = BetaPosterior.compare(
                control.length, count(users, "standard"), treatment.length, count(users, "discount"));
        assertThat(purchase.chanceToBeatControl()).isEqualTo(beta[0]);
        // revenue still adjusts on the attribute of the users who supply it
        assertThat(results.metric("revenue").variant("discount").comparison().varianceReduction())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void aUsersHistoryKeepsTheirLast64ConversionsWithinTheLookBack() {
        Tracker.History history = new Tracker.History();
        for (int i = 0; i < 100; i++) {
            history.add(1_000 + i, 0, i, 0);
        }
        assertThat(history.size).isEqualTo(Tracker.History.CAPACITY);
        assertThat(history.times[0]).isEqualTo(1_036);
        assertThat(history.values[63]).isEqualTo(99);
        history.add(2_000, 0, 1, 1_090);
        assertThat(history.size).as("1,090 to 1,099 and the new one").isEqualTo(11);
        assertThat(history.times[0]).isEqualTo(1_090);
        assertThat(history.times[10]).isEqualTo(2_000);
    }

    private static long count(List<User> users, String variant) {
        return users.stream()
                .filter(u -> u.variant().equals(variant) && u.orders() > 0)
                .count();
    }

    private static double[] values(List<User> users, String variant, java.util.function.ToDoubleFunction<User> f) {
        return users.stream()
                .filter(u -> u.variant().equals(variant))
                .mapToDouble(f)
                .toArray();
    }

    /**
     * The comparison is CUPED's: the difference is the treatment coefficient of the regression of
     * the metric on the variant and the covariate, the interval Welch's on the adjusted values.
     */
    static void assertCuped(
            MetricComparison actual,
            List<User> users,
            java.util.function.ToDoubleFunction<User> metric,
            java.util.function.ToDoubleFunction<User> covariate) {
        double[] yc = values(users, "standard", metric);
        double[] xc = values(users, "standard", covariate);
        double[] yt = values(users, "discount", metric);
        double[] xt = values(users, "discount", covariate);
        int nc = yc.length;
        int nt = yt.length;
        double[] y = new double[nc + nt];
        double[][] x = new double[nc + nt][2];
        for (int i = 0; i < nc; i++) {
            y[i] = yc[i];
            x[i] = new double[] {0, xc[i]};
        }
        for (int i = 0; i < nt; i++) {
            y[nc + i] = yt[i];
            x[nc + i] = new double[] {1, xt[i]};
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        assertThat(actual.method()).isEqualTo(Method.FIXED_HORIZON);
        assertThat(actual.difference()).isCloseTo(ols.estimateRegressionParameters()[1], within(1e-9));

        Covariance covariance = new Covariance();
        double theta = (covariance.covariance(xc, yc) * (nc - 1) + covariance.covariance(xt, yt) * (nt - 1))
                / (StatUtils.variance(xc) * (nc - 1) + StatUtils.variance(xt) * (nt - 1));
        double vc = StatUtils.variance(adjusted(yc, xc, theta)) / nc;
        double vt = StatUtils.variance(adjusted(yt, xt, theta)) / nt;
        double df = (vc + vt) * (vc + vt) / (vc * vc / (nc - 1) + vt * vt / (nt - 1));
        double half = new TDistribution(df).inverseCumulativeProbability(0.975) * Math.sqrt(vc + vt);
        assertThat(actual.differenceHigh() - actual.difference()).isCloseTo(half, within(1e-8));
        double plain = StatUtils.variance(yc) / nc + StatUtils.variance(yt) / nt;
        assertThat(actual.varianceReduction()).isCloseTo(1 - (vc + vt) / plain, within(1e-9));
        assertThat(actual.pValue())
                .isCloseTo(
                        2
                                * new TDistribution(df)
                                        .cumulativeProbability(-Math.abs(actual.difference()) / Math.sqrt(vc + vt)),
                        within(1e-9));
    }

    private static double[] adjusted(double[] y, double[] x, double theta) {
        double[] adjusted = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            adjusted[i] = y[i] - theta * x[i];
        }
        return adjusted;
    }
}
