package dev.flags.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.experiment.Experiments;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code flags} endpoint with experiments: results, and explain without exposures. */
class FlagsEndpointExperimentsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class,
                    FlagsEndpointAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES)
            .withPropertyValues("management.endpoints.web.exposure.include=flags");

    @Test
    void explainRecordsNoExposure() {
        runner.run(context -> {
            Experiments experiments = context.getBean(Experiments.class);
            FlagsEndpoint endpoint = context.getBean(FlagsEndpoint.class);
            assertThat(endpoint.explain("pricing", "ann", null, null, null).reason())
                    .isEqualTo("SPLIT");

            assertThat(experiments.results("pricing").trackedUsers()).isZero();
        });
    }

    @Test
    void actuatorShowsResultsWithUndefinedNumbersAsNull() {
        runner.run(context -> {
            FlagsEndpoint endpoint = context.getBean(FlagsEndpoint.class);
            FlagManager flags = context.getBean(FlagManager.class);
            for (int i = 0; i < 40; i++) {
                flags.getString("pricing", "standard", EvaluationContext.of("user-" + i));
            }
            Object all = endpoint.experiments("experiments", "all");
            assertThat(all)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .hasSize(1);
            ExperimentResultsDescriptor one =
                    (ExperimentResultsDescriptor) endpoint.experiments("experiments", "pricing");
            assertThat(one.controlVariant()).isEqualTo("standard");
            assertThat(one.hypothesis()).isEqualTo("A discount sells more");
            assertThat(one.variants())
                    .extracting(ExperimentResultsDescriptor.VariantDescriptor::exposedUsers)
                    .containsExactly(
                            one.sampleRatio().observed().get("standard"),
                            one.sampleRatio().observed().get("discount"));
            var discount = one.variants().get(1).conversions().get(0);
            assertThat(discount.conversionRate()).isEqualTo(0.0);
            assertThat(discount.lift()).isNotNull();
            assertThat(discount.lift().relative()).isNull(); // control without conversions: NaN
            assertThat(discount.lift().chanceToBeatControl()).isNull(); // relative lift undefined
            assertThat(discount.lift().risk()).isNull();
            // a single comparison: Benjamini-Hochberg leaves its p-value as it is
            assertThat(discount.lift().adjustedPValue())
                    .isEqualTo(discount.lift().pValue());
            assertThat(one.sampleRatio().sequentialPValue()).isBetween(0.0, 1.0);
            assertThat(one.sampleRatio().sequentialMismatch()).isFalse();
            assertThat(one.warnings()).containsExactly("NOT_ENOUGH_DATA"); // no conversions at all
            assertThat(endpoint.experiments("experiments", "nope")).isNull();
            assertThat(endpoint.experiments("other", "pricing")).isNull();
        });
    }

    @Test
    void withoutFlagsExperimentsTheEndpointShowsNoResultsAndExplainsAllTheSame() {
        runner.withClassLoader(new FilteredClassLoader("dev.flags.experiment")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(EndpointExperiments.class);
            FlagsEndpoint endpoint = context.getBean(FlagsEndpoint.class);
            assertThat(endpoint.explain("pricing", "ann", null, null, null).reason())
                    .isEqualTo("SPLIT");
            assertThat(endpoint.experiments("experiments", "all")).isNull();
            assertThat(endpoint.experiments("experiments", "pricing")).isNull();
        });
    }
}
