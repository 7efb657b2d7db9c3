package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.definition.Definitions;
import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentAnalysis.Correction;
import dev.flags.experiment.MetricComparison.Method;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis of one experiment: the application's default, or what its definition chooses. */
class ExperimentAnalysisTests {

    private static final Instant NOW = Instant.parse(ExperimentFixtures.INSIDE);

    private static FlagDefinition choosing(Experiment.Analysis analysis) {
        FlagDefinition pricing = ExperimentFixtures.pricingWithMetrics();
        return pricing.toBuilder()
                .experiment(pricing.experiment().withAnalysis(analysis))
                .build();
    }

    @Test
    void anExperimentsDefinitionOverridesTheMethodCorrectionAndAlphaOfTheDefault() {
        Experiment.Analysis chosen = new Experiment.Analysis("fixed-horizon", "holm", 0.1);
        ExperimentAnalysis analysis =
                ExperimentAnalysis.DEFAULT.forExperiment(choosing(chosen).experiment());
        assertThat(analysis)
                .isEqualTo(ExperimentAnalysis.DEFAULT
                        .withMethod(Method.FIXED_HORIZON)
                        .withCorrection(Correction.HOLM)
                        .withAlpha(0.1));
        assertThat(ExperimentAnalysis.DEFAULT.forExperiment(choosing(new Experiment.Analysis("bayesian", null, null))
                        .experiment()))
                .isEqualTo(ExperimentAnalysis.DEFAULT.withMethod(Method.BAYESIAN));
        assertThat(ExperimentAnalysis.DEFAULT.forExperiment(
                        choosing(Experiment.Analysis.EMPTY).experiment()))
                .isSameAs(ExperimentAnalysis.DEFAULT);
    }

    @Test
    void everyNameOfTheDefinitionsIsAMethodOrCorrectionAndBack() {
        assertThat(List.of(Method.values()).stream().map(ExperimentAnalysis::id))
                .containsExactlyInAnyOrderElementsOf(Experiment.Analysis.METHODS);
        assertThat(List.of(Correction.values()).stream().map(ExperimentAnalysis::id))
                .containsExactlyInAnyOrderElementsOf(Experiment.Analysis.CORRECTIONS);
    }

    @Test
    void anUnvalidatedBadNameIsRefusedNamingIt() {
        Experiment experiment =
                choosing(new Experiment.Analysis("frequentist", null, null)).experiment();
        assertThatThrownBy(() -> ExperimentAnalysis.DEFAULT.forExperiment(experiment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown name 'frequentist' (expected one of sequential, fixed-horizon, bayesian)");
    }

    @Test
    void resultsInProcessAndFromATallyUseTheExperimentsChoice() {
        FlagDefinition flag = choosing(new Experiment.Analysis("bayesian", "none", 0.1));
        MutableClock clock = new MutableClock(NOW);
        try (InspectableFlagManager flags = FlagManager.builder()
                        .definitions(Definitions.of(flag))
                        .clock(clock)
                        .build();
                Experiments experiments =
                        Experiments.builder(flags).clock(clock).build()) {
            MetricResultsTests.simulate(experiments.trackingSink());
            ExperimentResults results = experiments.results("pricing");
            assertThat(results.analysis().method()).isEqualTo(Method.BAYESIAN);
            assertThat(results.analysis().correction()).isEqualTo(Correction.NONE);
            assertThat(results.analysis().alpha()).isEqualTo(0.1);
            for (ExperimentResults.MetricResults metric : results.metrics()) {
                MetricComparison comparison = metric.variant("discount").comparison();
                assertThat(comparison.method()).as(metric.metric().name()).isEqualTo(Method.BAYESIAN);
                assertThat(comparison.alpha()).isEqualTo(0.1);
                assertThat(comparison.pValue()).isNaN();
            }
        }
        ExperimentResults tallied = new ExperimentTally(flag)
                .exposed("standard", 10)
                .exposed("discount", 10)
                .results(NOW, 0);
        assertThat(tallied.analysis())
                .isEqualTo(ExperimentAnalysis.DEFAULT
                        .withMethod(Method.BAYESIAN)
                        .withCorrection(Correction.NONE)
                        .withAlpha(0.1));
    }
}
