package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.Experiment;
import dev.flags.definition.ExperimentMetric;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Serve;
import dev.flags.experiment.ExperimentResults.MetricVariantResults;
import dev.flags.experiment.ExperimentResults.Warning;
import dev.flags.experiment.MetricComparison.Method;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The metrics of an experiment end to end: recorded per user in-process, summed per variant, and
 * compared. The oracle is the same data summed from per-user totals the test keeps itself, handed
 * to {@link MetricAnalysis} (whose methods {@code MetricAnalysisTests} checks against Commons Math
 * and closed forms).
 */
class MetricResultsTests {

    private static final Instant NOW = Instant.parse(ExperimentFixtures.INSIDE);

    /** pricing with revenue (CUPED on revenue-28d), orders, an order-value guardrail and a refund guardrail. */
    static FlagDefinition pricing() {
        return FlagDefinition.builder("pricing")
                .type(FlagType.STRING)
                .variant("standard", "S")
                .variant("discount", "D")
                .defaultVariant("standard")
                .fallthrough(Serve.split("standard", 50).and("discount", 50))
                .experiment(Experiment.of(
                                "standard", ExperimentFixtures.START, ExperimentFixtures.END, "purchase", "refund")
                        .withMetrics(
                                ExperimentMetric.mean("revenue", "purchase").withCovariate("revenue-28d"),
                                ExperimentMetric.count("orders", "purchase"),
                                ExperimentMetric.ratio("order-value", "purchase", "purchase")
                                        .asGuardrail(),
                                ExperimentMetric.count("refund", "refund")
                                        .lowerIsBetter()
                                        .asGuardrail()))
                .build();
    }

    private final MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);

    private InspectableFlagManager flags(FlagDefinition flag) {
        return FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build();
    }

    /** One simulated user: what the test expects each metric to see. */
    record User(String variant, double covariate, double revenue, int orders, int refunds) {}

    /** 600 users per variant; with the discount (20% off) customers buy more often, at lower prices. Seed 20261202. */
    static List<User> simulate(ExperimentEventSink tracking) {
        Random random = new Random(20261202);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String variant = i % 2 == 0 ? "standard" : "discount";
            String key = "u" + i;
            double history = random.nextDouble() < 0.4 ? Math.round(random.nextDouble() * 8000) / 100.0 : 0;
            tracking.exposure(new ExposureEvent(
                    "pricing",
                    variant,
                    key,
                    NOW,
                    Reason.SPLIT,
                    null,
                    history == 0 ? Map.of() : Map.of("revenue-28d", history)));
            double revenue = 0;
            int orders = 0;
            // Customers who spent before buy more often and more: what CUPED exploits.
            double buy = (variant.equals("discount") ? 0.25 : 0.18) + history / 160;
            while (random.nextDouble() < buy && orders < 5) {
                double amount =
                        Math.round((20 + history + random.nextDouble() * 20) * (variant.equals("discount") ? 80 : 100))
                                / 100.0;
                tracking.conversion(RecordingSink.conversion("purchase", key, amount, NOW));
                revenue += amount;
                orders++;
            }
            int refunds = 0;
            if (orders > 0 && random.nextDouble() < 0.1) {
                tracking.conversion(RecordingSink.conversion("refund", key, null, NOW));
                refunds++;
            }
            users.add(new User(variant, history, revenue, orders, refunds));
        }
        return users;
    }

    private static CovariateSummary revenue(List<User> users, String variant) {
        CovariateSummary summary = CovariateSummary.EMPTY;
        for (User user : users) {
            if (user.variant().equals(variant)) {
                summary = summary.plus(user.revenue(), user.covariate());
            }
        }
        return summary;
    }

    private static MetricSummary count(List<User> users, String variant, boolean refunds) {
        MetricSummary summary = MetricSummary.EMPTY;
        for (User user : users) {
            if (user.variant().equals(variant)) {
                summary = summary.plus(refunds ? user.refunds() : user.orders());
            }
        }
        return summary;
    }

    private static RatioSummary orderValue(List<User> users, String variant) {
        RatioSummary summary = RatioSummary.EMPTY;
        for (User user : users) {
            if (user.variant().equals(variant)) {
                summary = summary.plus(user.revenue(), user.orders());
            }
        }
        return summary;
    }

    private static long buyers(List<User> users, String variant) {
        return users.stream()
                .filter(u -> u.variant().equals(variant) && u.orders() > 0)
                .count();
    }

    private static void assertSameComparison(MetricComparison actual, MetricComparison expected) {
        assertThat(actual.method()).isEqualTo(expected.method());
        assertThat(actual.difference()).isCloseTo(expected.difference(), within(1e-9));
        assertThat(actual.differenceLow()).isCloseTo(expected.differenceLow(), within(1e-9));
        assertThat(actual.differenceHigh()).isCloseTo(expected.differenceHigh(), within(1e-9));
        assertThat(actual.relative()).isCloseTo(expected.relative(), within(1e-9));
        assertThat(actual.pValue()).isCloseTo(expected.pValue(), within(1e-9));
        assertThat(actual.chanceToBeatControl()).isCloseTo(expected.chanceToBeatControl(), within(1e-9));
        assertThat(actual.risk()).isCloseTo(expected.risk(), within(1e-9));
        assertThat(actual.varianceReduction()).isCloseTo(expected.varianceReduction(), within(1e-9));
    }

    @Test
    void keepsTheRunningSumsOfEveryMetricTypeAndComparesThemByTheDefaultSequentialMethod() {
        try (InspectableFlagManager flags = flags(pricing());
                Experiments experiments =
                        Experiments.builder(flags).clock(clock).build()) {
            List<User> users = simulate(experiments.trackingSink());
            ExperimentResults results = experiments.results("pricing");
            assertThat(results.analysis()).isEqualTo(ExperimentAnalysis.DEFAULT);
            assertThat(results.metrics())
                    .extracting(m -> m.metric().name())
                    .containsExactly("purchase", "refund", "revenue", "orders", "order-value");
            MetricAnalysis analysis = MetricAnalysis.sequential(0.05, 5_000);

            for (String variant : List.of("standard", "discount")) {
                CovariateSummary revenue = revenue(users, variant);
                MetricVariantResults row = results.metric("revenue").variant(variant);
                assertThat(row.users()).isEqualTo(600);
                assertThat(row.values().sum()).isCloseTo(revenue.metric().sum(), within(1e-6));
                assertThat(row.values().sumOfSquares())
                        .isCloseTo(revenue.metric().sumOfSquares(), within(1e-4));
                assertThat(row.mean()).isCloseTo(revenue.metric().mean(), within(1e-9));
                assertThat(results.metric("orders").variant(variant).values()).isEqualTo(count(users, variant, false));
                assertThat(results.metric("refund").variant(variant).values()).isEqualTo(count(users, variant, true));
                assertThat(results.metric("purchase").variant(variant).values())
                        .isEqualTo(MetricSummary.binomial(600, buyers(users, variant)));
                RatioSummary ratio = orderValue(users, variant);
                MetricVariantResults orderValue = results.metric("order-value").variant(variant);
                assertThat(orderValue.denominators()).isEqualTo(ratio.denominator());
                assertThat(orderValue.mean()).isCloseTo(ratio.ratio(), within(1e-9));
            }
            assertThat(results.metric("revenue").variant("standard").comparison())
                    .isNull();

            assertSameComparison(
                    results.metric("revenue").variant("discount").comparison(),
                    analysis.compare(revenue(users, "standard"), revenue(users, "discount")));
            assertThat(results.metric("revenue")
                            .variant("discount")
                            .comparison()
                            .varianceReduction())
                    .as("the pre-exposure revenue explains part of the revenue")
                    .isGreaterThan(0.2);
            assertSameComparison(
                    results.metric("orders").variant("discount").comparison(),
                    analysis.compare(count(users, "standard", false), count(users, "discount", false)));
            assertSameComparison(
                    results.metric("order-value").variant("discount").comparison(),
                    analysis.compare(orderValue(users, "standard"), orderValue(users, "discount")));
            assertSameComparison(
                    results.metric("purchase").variant("discount").comparison(),
                    analysis.compareBinomial(600, buyers(users, "standard"), 600, buyers(users, "discount")));

            // Benjamini-Hochberg over the treatment's non-guardrail metrics, in metric order.
            double[] adjusted = MultipleComparisons.benjaminiHochberg(
                    results.metric("purchase").variant("discount").comparison().pValue(),
                    results.metric("revenue").variant("discount").comparison().pValue(),
                    results.metric("orders").variant("discount").comparison().pValue());
            assertThat(results.metric("purchase").variant("discount").adjustedPValue())
                    .isEqualTo(adjusted[0]);
            assertThat(results.metric("revenue").variant("discount").adjustedPValue())
                    .isEqualTo(adjusted[1]);
            assertThat(results.metric("orders").variant("discount").adjustedPValue())
                    .isEqualTo(adjusted[2]);
            MetricVariantResults guardrail = results.metric("order-value").variant("discount");
            assertThat(guardrail.adjustedPValue())
                    .as("guardrails are left out of the correction")
                    .isEqualTo(guardrail.comparison().pValue());
        }
    }

    @Test
    void warnsWhenAGuardrailGetsWorseWordForWord() {
        try (InspectableFlagManager flags = flags(pricing());
                Experiments experiments =
                        Experiments.builder(flags).clock(clock).build()) {
            simulate(experiments.trackingSink());
            ExperimentResults results = experiments.results("pricing");
            MetricVariantResults orderValue = results.metric("order-value").variant("discount");
            MetricComparison comparison = orderValue.comparison();
            assertThat(orderValue.worse())
                    .as("a 10% discount lowers the value of an order")
                    .isTrue();
            assertThat(results.metric("refund").variant("discount").worse()).isFalse();
            assertThat(results.warnings())
                    .filteredOn(w -> w.code() == Warning.Code.GUARDRAIL_WORSE)
                    .containsExactly(new Warning(
                            Warning.Code.GUARDRAIL_WORSE,
                            "order-value",
                            "discount",
                            "guardrail 'order-value' is worse in 'discount' than in the control: difference "
                                    + MetricResultsComputation.format(comparison.difference()) + " (interval "
                                    + MetricResultsComputation.format(comparison.differenceLow()) + " to "
                                    + MetricResultsComputation.format(comparison.differenceHigh()) + ")"));
            assertThat(comparison.difference()).isNegative();
        }
    }

    @Test
    void warnsAboutMismatchedSplitsAndThinDataWordForWord() {
        try (InspectableFlagManager flags = flags(pricing());
                Experiments experiments =
                        Experiments.builder(flags).clock(clock).build()) {
            ExperimentEventSink tracking = experiments.trackingSink();
            for (int i = 0; i < 300; i++) {
                tracking.exposure(new ExposureEvent(
                        "pricing", i < 100 ? "standard" : "discount", "u" + i, NOW, Reason.SPLIT, null));
                if (i % 20 == 0) {
                    tracking.conversion(RecordingSink.conversion("purchase", "u" + i, 10.0, NOW));
                }
            }
            ExperimentResults results = experiments.results("pricing");
            SampleRatioCheck srm = results.sampleRatio();
            assertThat(results.warnings().get(0))
                    .isEqualTo(new Warning(
                            Warning.Code.SAMPLE_RATIO_MISMATCH,
                            null,
                            null,
                            "the split of exposed users does not match the weights (chi-square p = "
                                    + MetricResultsComputation.format(srm.pValue()) + ", sequential p = "
                                    + MetricResultsComputation.format(srm.sequentialPValue())
                                    + "): do not trust the results until it is explained"));
            assertThat(results.warnings())
                    .filteredOn(w -> w.code() == Warning.Code.NOT_ENOUGH_DATA)
                    .extracting(Warning::message)
                    .contains(
                            "'standard' has 5 users who converted on 'purchase' and 95 who did not; with fewer"
                                    + " than 10 on either side, read 'purchase' as an indication",
                            "'standard' has 5 users with conversion 'purchase'; with fewer than 10, read 'revenue'"
                                    + " as an indication",
                            "'standard' has 0 users with conversion 'refund'; with fewer than 10, read 'refund'"
                                    + " as an indication")
                    .doesNotContain("'discount' has 10 users who converted on 'purchase' and 190 who did not;"
                            + " with fewer than 10 on either side, read 'purchase' as an indication");
            assertThat(results.warnings())
                    .filteredOn(w -> w.code() == Warning.Code.NOT_ENOUGH_DATA && "refund".equals(w.metric()))
                    .extracting(Warning::variant)
                    .containsExactly("standard", "discount");
            assertThat(results.metric("order-value").variant("discount").comparison())
                    .as("every order is worth 10: no variance, a difference of 0")
                    .satisfies(c -> assertThat(c.difference()).isZero());
        }
    }

    @Test
    void theChosenMethodAndCorrectionApplyAndTheResultSaysWhich() {
        FlagDefinition flag = pricing();
        try (InspectableFlagManager flags = flags(flag);
                Experiments bayesian = Experiments.builder(flags)
                        .clock(clock)
                        .analysis(ExperimentAnalysis.DEFAULT.withMethod(Method.BAYESIAN))
                        .build()) {
            List<User> users = simulate(bayesian.trackingSink());
            ExperimentResults results = bayesian.results("pricing");
            assertThat(results.analysis().method()).isEqualTo(Method.BAYESIAN);
            MetricVariantResults purchase = results.metric("purchase").variant("discount");
            assertThat(purchase.comparison().method()).isEqualTo(Method.BAYESIAN);
            assertThat(purchase.comparison().pValue()).isNaN();
            assertThat(purchase.adjustedPValue()).isNaN();
            double[] beta = BetaPosterior.compare(600, buyers(users, "standard"), 600, buyers(users, "discount"));
            assertThat(purchase.comparison().chanceToBeatControl()).isEqualTo(beta[0]);
            assertThat(purchase.significant()).isEqualTo(beta[0] >= 0.95 || beta[0] <= 0.05);
        }

        ExperimentTally tally = new ExperimentTally(flag)
                .exposed("standard", 1000)
                .exposed("discount", 1000)
                .converted("standard", "purchase", 100, 100, 0)
                .converted("discount", "purchase", 130, 130, 0)
                .metric("standard", "purchase", 100, 100)
                .metric("discount", "purchase", 130, 130)
                .metric("standard", "orders", 150, 400)
                .metric("discount", "orders", 190, 500)
                .metric("standard", "revenue", 5000, 900_000)
                .metric("discount", "revenue", 5600, 1_000_000);
        ExperimentAnalysis holm = ExperimentAnalysis.DEFAULT
                .withMethod(Method.FIXED_HORIZON)
                .withCorrection(ExperimentAnalysis.Correction.HOLM);
        ExperimentResults fixed = tally.results(NOW, 0, holm);
        MetricAnalysis welch = MetricAnalysis.fixedHorizon(0.05);
        double p1 = welch.compareBinomial(1000, 100, 1000, 130).pValue();
        double p2 = welch.compare(new MetricSummary(1000, 5000, 900_000), new MetricSummary(1000, 5600, 1_000_000))
                .pValue();
        double p3 = welch.compare(new MetricSummary(1000, 150, 400), new MetricSummary(1000, 190, 500))
                .pValue();
        double[] adjusted = MultipleComparisons.holm(p1, p2, p3);
        assertThat(fixed.metric("purchase").variant("discount").comparison().pValue())
                .isCloseTo(p1, within(1e-12));
        assertThat(fixed.metric("purchase").variant("discount").adjustedPValue())
                .isCloseTo(adjusted[0], within(1e-12));
        assertThat(fixed.metric("revenue").variant("discount").adjustedPValue()).isCloseTo(adjusted[1], within(1e-12));
        assertThat(fixed.metric("orders").variant("discount").adjustedPValue()).isCloseTo(adjusted[2], within(1e-12));
        assertThat(fixed.metric("order-value").variant("discount").comparison())
                .as("no orders, no ratio")
                .isNull();
    }

    @Test
    void readsTheCovariateFromTheContextAtExposureAndPassesItToSinks() {
        InMemoryEventSink sink = ExperimentSinks.inMemory(10);
        try (InspectableFlagManager flags = flags(pricing())) {
            Experiments experiments =
                    Experiments.builder(flags).clock(clock).sink(sink).build();
            EvaluationContext ann = EvaluationContext.builder()
                    .targetingKey("ann")
                    .attribute("revenue-28d", 42.5)
                    .build();
            EvaluationContext bob = EvaluationContext.builder()
                    .targetingKey("bob")
                    .attribute("revenue-28d", "not a number")
                    .build();
            String annVariant = flags.getVariant("pricing", ann);
            flags.getVariant("pricing", bob);
            experiments.track("purchase", ann, 10);
            experiments.close(); // drains the events into the sink
            assertThat(sink.exposures())
                    .extracting(ExposureEvent::covariates)
                    .containsExactly(Map.of("revenue-28d", 42.5), Map.of());
            MetricVariantResults row =
                    experiments.results("pricing").metric("revenue").variant(annVariant);
            assertThat(row.values()).isEqualTo(new MetricSummary(1, 10, 100));
        }
    }

    @Test
    void restartsTheSumsWhenTheMetricsChange() {
        dev.flags.source.InMemoryFlagSource source =
                dev.flags.source.FlagSources.inMemory("mem", Definitions.of(pricing()));
        try (InspectableFlagManager flags =
                        FlagManager.builder().source(source).clock(clock).build();
                Experiments experiments =
                        Experiments.builder(flags).clock(clock).build()) {
            simulate(experiments.trackingSink());
            source.update(
                    Definitions.of(pricing().toBuilder().description("new copy").build()));
            assertThat(experiments.results("pricing").trackedUsers()).isEqualTo(1200);
            FlagDefinition more = pricing().toBuilder()
                    .experiment(pricing().experiment().withMetrics(ExperimentMetric.count("items", "purchase")))
                    .build();
            source.update(Definitions.of(more));
            assertThat(experiments.results("pricing").trackedUsers())
                    .as("sums of a new metric cannot be rebuilt for users already exposed")
                    .isZero();
            assertThat(experiments.results("pricing").metrics()).hasSize(6);
        }
    }
}
