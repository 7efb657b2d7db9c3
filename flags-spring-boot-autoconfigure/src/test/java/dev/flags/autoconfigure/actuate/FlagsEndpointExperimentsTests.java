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
    void actuatorShowsEveryMetricWithItsMethodIntervalChanceAndWarnings() {
        runner.withPropertyValues(
                        "flags.definitions.pricing.experiment.metrics.revenue.type=mean",
                        "flags.definitions.pricing.experiment.metrics.revenue.conversion=purchase",
                        "flags.definitions.pricing.experiment.metrics.order-value.type=ratio",
                        "flags.definitions.pricing.experiment.metrics.order-value.conversion=purchase",
                        "flags.definitions.pricing.experiment.metrics.order-value.denominator=purchase",
                        "flags.definitions.pricing.experiment.metrics.order-value.guardrail=true")
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    Experiments experiments = context.getBean(Experiments.class);
                    for (int i = 0; i < 400; i++) {
                        EvaluationContext user = EvaluationContext.of("user-" + i);
                        String variant = flags.getString("pricing", "standard", user);
                        if (i % 4 == 0) {
                            // The discount sells as often, each order for 20% less.
                            experiments.track("purchase", user, variant.equals("discount") ? 40 + i % 3 : 50 + i % 3);
                        }
                    }
                    ExperimentResultsDescriptor one =
                            (ExperimentResultsDescriptor) endpoint(context).experiments("experiments", "pricing");
                    assertThat(one.method()).isEqualTo("SEQUENTIAL");
                    assertThat(one.alpha()).isEqualTo(0.05);
                    assertThat(one.correction()).isEqualTo("BENJAMINI_HOCHBERG");
                    assertThat(one.metrics())
                            .extracting(ExperimentResultsDescriptor.MetricDescriptor::name)
                            .containsExactly("purchase", "revenue", "order-value");
                    var orderValue = one.metrics().get(2);
                    assertThat(orderValue.type()).isEqualTo("ratio");
                    assertThat(orderValue.guardrail()).isTrue();
                    assertThat(orderValue.variants().get(0).comparison()).isNull();
                    var comparison = orderValue.variants().get(1).comparison();
                    assertThat(comparison.method()).isEqualTo("SEQUENTIAL");
                    assertThat(comparison.difference()).isCloseTo(-10.0, org.assertj.core.api.Assertions.within(0.5));
                    assertThat(comparison.worse()).isTrue();
                    assertThat(comparison.adjustedPValue()).isEqualTo(comparison.pValue());
                    assertThat(one.metrics()
                                    .get(0)
                                    .variants()
                                    .get(1)
                                    .comparison()
                                    .chanceToBeatControl())
                            .isBetween(0.0, 1.0);
                    assertThat(one.warnings()).containsExactly("GUARDRAIL_WORSE");
                    assertThat(one.warningDetails()).singleElement().satisfies(w -> {
                        assertThat(w.metric()).isEqualTo("order-value");
                        assertThat(w.variant()).isEqualTo("discount");
                        assertThat(w.message()).startsWith("guardrail 'order-value' is worse in 'discount'");
                    });
                });
    }

    private static FlagsEndpoint endpoint(org.springframework.context.ApplicationContext context) {
        return context.getBean(FlagsEndpoint.class);
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
