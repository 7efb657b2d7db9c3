package dev.flags.autoconfigure.experiments;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.MultipleComparisons;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What every results view (Actuator, admin API, console) shows of an experiment's analysis. */
class ExperimentResultsDescriptorTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsExperimentsAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES);

    private static ExperimentResultsDescriptor described(org.springframework.context.ApplicationContext context) {
        FlagManager flags = context.getBean(FlagManager.class);
        Experiments experiments = context.getBean(Experiments.class);
        for (int i = 0; i < 200; i++) {
            EvaluationContext user = EvaluationContext.of("user-" + i);
            flags.getString("pricing", "standard", user);
            if (i % 3 == 0) {
                experiments.track("purchase", user);
            }
        }
        return ExperimentResultsDescriptor.of(experiments.results("pricing"));
    }

    @Test
    void showsTheMethodCorrectionAndAlphaTheExperimentChose() {
        runner.withPropertyValues(
                        "flags.definitions.pricing.experiment.analysis.method=fixed-horizon",
                        "flags.definitions.pricing.experiment.analysis.correction=holm",
                        "flags.definitions.pricing.experiment.analysis.alpha=0.1")
                .run(context -> {
                    ExperimentResultsDescriptor results = described(context);
                    assertThat(results.method()).isEqualTo("FIXED_HORIZON");
                    assertThat(results.correction()).isEqualTo("HOLM");
                    assertThat(results.alpha()).isEqualTo(0.1);
                    assertThat(results.chosenByExperiment()).isTrue();
                    assertThat(results.metrics()
                                    .get(0)
                                    .variants()
                                    .get(1)
                                    .comparison()
                                    .method())
                            .isEqualTo("FIXED_HORIZON");
                });
        runner.run(context -> {
            ExperimentResultsDescriptor results = described(context);
            assertThat(results.method()).isEqualTo("SEQUENTIAL");
            assertThat(results.chosenByExperiment()).isFalse();
        });
    }

    @Test
    void aBadMethodInTheDefinitionFailsStartupNamingTheExperimentAndTheValue() {
        runner.withPropertyValues("flags.definitions.pricing.experiment.analysis.method=frequentist")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("flags.pricing.experiment.analysis.method: unknown analysis method"
                                + " 'frequentist' (expected one of sequential, fixed-horizon, bayesian)"));
    }

    @Test
    void theConversionsAdjustedPValuesFollowTheCorrectionTheExperimentChose() {
        String[] threeVariants = {
            "flags.definitions.pricing.variants.premium=premium",
            "flags.definitions.pricing.fallthrough.distribution.standard=34",
            "flags.definitions.pricing.fallthrough.distribution.discount=33",
            "flags.definitions.pricing.fallthrough.distribution.premium=33"
        };
        runner.withPropertyValues(threeVariants)
                .withPropertyValues("flags.definitions.pricing.experiment.analysis.correction=holm")
                .run(context -> {
                    List<ExperimentResultsDescriptor.LiftDescriptor> lifts = lifts(described(context));
                    assertThat(lifts).hasSize(2);
                    assertThat(adjusted(lifts)).containsExactly(MultipleComparisons.holm(raw(lifts)));
                });
        runner.withPropertyValues(threeVariants)
                .withPropertyValues("flags.definitions.pricing.experiment.analysis.correction=none")
                .run(context -> {
                    List<ExperimentResultsDescriptor.LiftDescriptor> lifts = lifts(described(context));
                    assertThat(adjusted(lifts)).containsExactly(raw(lifts));
                });
        runner.withPropertyValues(threeVariants).run(context -> {
            List<ExperimentResultsDescriptor.LiftDescriptor> lifts = lifts(described(context));
            assertThat(adjusted(lifts)).containsExactly(MultipleComparisons.benjaminiHochberg(raw(lifts)));
        });
    }

    private static List<ExperimentResultsDescriptor.LiftDescriptor> lifts(ExperimentResultsDescriptor results) {
        List<ExperimentResultsDescriptor.LiftDescriptor> lifts = new ArrayList<>();
        for (ExperimentResultsDescriptor.VariantDescriptor variant : results.variants()) {
            for (ExperimentResultsDescriptor.ConversionDescriptor conversion : variant.conversions()) {
                if (conversion.lift() != null) {
                    lifts.add(conversion.lift());
                }
            }
        }
        return lifts;
    }

    private static double[] raw(List<ExperimentResultsDescriptor.LiftDescriptor> lifts) {
        return lifts.stream().mapToDouble(lift -> requireNonNull(lift.pValue())).toArray();
    }

    private static double[] adjusted(List<ExperimentResultsDescriptor.LiftDescriptor> lifts) {
        return lifts.stream()
                .mapToDouble(lift -> requireNonNull(lift.adjustedPValue()))
                .toArray();
    }

    @Test
    void aConversionShowsOneChanceToBeatControlThatOfItsMetric() {
        runner.run(context -> {
            ExperimentResultsDescriptor results = described(context);
            assertThat(ExperimentResultsDescriptor.LiftDescriptor.class.getRecordComponents())
                    .extracting(java.lang.reflect.RecordComponent::getName)
                    .doesNotContain("chanceToBeatControl", "risk");
            assertThat(results.metrics().get(0).name()).isEqualTo("purchase");
            assertThat(results.metrics().get(0).variants().get(1).comparison().chanceToBeatControl())
                    .isBetween(0.0, 1.0);
        });
    }
}
