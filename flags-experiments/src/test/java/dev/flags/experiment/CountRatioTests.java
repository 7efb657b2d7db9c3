package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import dev.flags.experiment.MetricComparison.Method;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** Ratio metrics as count over count (clicks per session): no values tracked, the delta-method variance. */
class CountRatioTests {

    private static final Instant NOW = Instant.parse(ExperimentFixtures.INSIDE);

    /** layout: conversions click and session, metric clicks-per-session (count-ratio). */
    static FlagDefinition layout() {
        return FlagDefinition.builder("layout")
                .type(FlagType.STRING)
                .variant("classic", "C")
                .variant("compact", "K")
                .defaultVariant("classic")
                .fallthrough(Serve.split("classic", 50).and("compact", 50))
                .experiment(
                        Experiment.of("classic", ExperimentFixtures.START, ExperimentFixtures.END, "click", "session")
                                .withMetrics(ExperimentMetric.countRatio("clicks-per-session", "click", "session")))
                .build();
    }

    /** (clicks, sessions) per user: classic 1/1 3/2 0/1 2/2 4/3; compact 2/1 4/2 1/1 3/3 2/2 5/2. */
    static final int[][] CLASSIC = {{1, 1}, {3, 2}, {0, 1}, {2, 2}, {4, 3}};

    static final int[][] COMPACT = {{2, 1}, {4, 2}, {1, 1}, {3, 3}, {2, 2}, {5, 2}};

    /**
     * Feeds the users to a tracking sink: exposures at {@code time}, then each user's sessions and
     * clicks, clicks with a value of 7 that a count ignores.
     */
    static void feed(ExperimentEventSink sink, Instant time) {
        feed(sink, "classic", CLASSIC, time);
        feed(sink, "compact", COMPACT, time);
    }

    private static void feed(ExperimentEventSink sink, String variant, int[][] users, Instant time) {
        for (int i = 0; i < users.length; i++) {
            String key = variant + "-" + i;
            sink.exposure(new ExposureEvent("layout", variant, key, time, Reason.SPLIT, null, Map.of()));
            for (int s = 0; s < users[i][1]; s++) {
                sink.conversion(RecordingSink.conversion("session", key, null, time));
            }
            for (int c = 0; c < users[i][0]; c++) {
                sink.conversion(RecordingSink.conversion("click", key, 7.0, time));
            }
        }
    }

    @Test
    void comparesClicksPerSessionWithTheDeltaMethodVarianceOfTheReferenceValues() {
        MutableClock clock = new MutableClock(NOW);
        try (InspectableFlagManager flags = FlagManager.builder()
                        .definitions(Definitions.of(layout()))
                        .clock(clock)
                        .build();
                Experiments experiments = Experiments.builder(flags)
                        .clock(clock)
                        .analysis(ExperimentAnalysis.DEFAULT.withMethod(Method.FIXED_HORIZON))
                        .build()) {
            feed(experiments.trackingSink(), NOW);
            ExperimentResults.MetricResults metric =
                    experiments.results("layout").metric("clicks-per-session");
            MetricVariantResults classic = metric.variant("classic");
            MetricVariantResults compact = metric.variant("compact");
            // 10 clicks over 9 sessions, 17 over 11: counts, whatever value a click carried.
            assertThat(classic.mean()).isCloseTo(10.0 / 9, within(1e-15));
            assertThat(compact.mean()).isCloseTo(17.0 / 11, within(1e-15));
            assertThat(classic.values().sum()).isEqualTo(10);
            assertThat(classic.denominators().sum()).isEqualTo(9);
            // Delta-method variance of each ratio of sums, computed by hand in exact fractions:
            // (Var N - 2 r Cov(N, D) + r^2 Var D) / mean(D)^2 / n with sample (n - 1) moments.
            // classic: n 5, r 10/9, Var N 5/2, Var D 7/10, Cov 5/4, mean D 9/5 -> 475/13122;
            // compact: n 6, r 17/11, Var N 13/6, Var D 17/30, Cov 17/30, mean D 11/6 -> 1284/14641.
            double vc = 475.0 / 13122;
            double vt = 1284.0 / 14641;
            double df = (vc + vt) * (vc + vt) / (vc * vc / 4 + vt * vt / 5);
            double half = new TDistribution(df).inverseCumulativeProbability(0.975) * Math.sqrt(vc + vt);
            MetricComparison comparison = compact.comparison();
            assertThat(comparison.method()).isEqualTo(Method.FIXED_HORIZON);
            assertThat(comparison.difference()).isCloseTo(17.0 / 11 - 10.0 / 9, within(1e-12));
            assertThat(comparison.differenceHigh() - comparison.difference()).isCloseTo(half, within(1e-9));
            assertThat(comparison.pValue())
                    .isCloseTo(
                            2
                                    * new TDistribution(df)
                                            .cumulativeProbability(-(17.0 / 11 - 10.0 / 9) / Math.sqrt(vc + vt)),
                            within(1e-9));
            assertThat(comparison.varianceReduction()).as("no CUPED for ratios").isZero();
        }
    }
}
