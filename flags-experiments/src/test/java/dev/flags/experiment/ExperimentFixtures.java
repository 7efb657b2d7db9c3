package dev.flags.experiment;

import dev.flags.definition.Condition;
import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.time.Instant;

/** Experiments that tests of this module and of the JDBC module share. */
public final class ExperimentFixtures {

    private ExperimentFixtures() {}

    public static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    public static final Instant END = Instant.parse("2027-01-01T00:00:00Z");
    public static final String INSIDE = "2026-12-10T12:00:00Z";

    /** pricing: standard/discount 50/50 by the fallthrough; qa-1 targeted to discount; staff rule serves discount. */
    public static FlagDefinition pricing() {
        return FlagDefinition.builder("pricing")
                .type(FlagType.STRING)
                .variant("standard", "S")
                .variant("discount", "D")
                .defaultVariant("standard")
                .target("discount", "qa-1")
                .rule(Rule.of("staff", Serve.variant("discount"), Condition.of("staff", Operator.EQUALS, true)))
                .fallthrough(Serve.split("standard", 50).and("discount", 50))
                .experiment(Experiment.of("standard", START, END, "purchase"))
                .build();
    }

    /**
     * pricing with metrics: conversions purchase and refund; revenue (mean, CUPED on the context
     * attribute revenue-28d), orders (count), order-value (ratio guardrail), refund (count
     * guardrail, lower is better).
     */
    public static FlagDefinition pricingWithMetrics() {
        return MetricResultsTests.pricing();
    }

    /**
     * pricing with purchase, revenue (CUPED on revenue-28d when supplied) and orders, for CUPED from
     * the conversion history: see {@link #simulateHistory}.
     */
    public static FlagDefinition pricingWithHistory() {
        return CupedHistoryTests.pricing();
    }

    /**
     * 1,000 users who buy before the start (some outside the 14-day look-back), are exposed at
     * {@link #INSIDE} and buy after, earlier buyers more: the clock is moved through those instants.
     */
    public static void simulateHistory(
            dev.flags.MutableClock clock, dev.flags.FlagManager flags, Experiments experiments) {
        CupedHistoryTests.simulate(clock, flags, experiments);
    }

    /** layout: conversions click and session, metric clicks-per-session (count-ratio). */
    public static FlagDefinition layoutWithCountRatio() {
        return CountRatioTests.layout();
    }

    /** Eleven users of layout with their sessions and clicks, through a tracking sink at {@code time}. */
    public static void feedCountRatio(dev.flags.spi.ExperimentEventSink sink, Instant time) {
        CountRatioTests.feed(sink, time);
    }
}
