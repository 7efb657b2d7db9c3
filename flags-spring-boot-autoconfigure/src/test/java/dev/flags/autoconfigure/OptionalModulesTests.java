package dev.flags.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.actuate.FlagsEndpoint;
import dev.flags.autoconfigure.actuate.FlagsEndpointAutoConfiguration;
import dev.flags.autoconfigure.actuate.FlagsHealthAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminExperimentsAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminWebAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsSensitiveFlagsAutoConfiguration;
import dev.flags.autoconfigure.aop.FlagsAspectsAutoConfiguration;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.metrics.FlagsMetricsAutoConfiguration;
import dev.flags.autoconfigure.openfeature.FlagsOpenFeatureAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import dev.flags.autoconfigure.web.FlagsWebMvcAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The starter brings openfeature (with the SDK), experiments and admin, and the application may
 * leave out any of them, and flags-jdbc: every flags auto-configuration together, with one module
 * hidden at a time, starts and configures the rest.
 */
class OptionalModulesTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    FlagsOpenFeatureAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsAspectsAutoConfiguration.class,
                    FlagsWebMvcAutoConfiguration.class,
                    FlagsMetricsAutoConfiguration.class,
                    FlagsHealthAutoConfiguration.class,
                    FlagsEndpointAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsAdminWebAutoConfiguration.class,
                    FlagsAdminExperimentsAutoConfiguration.class,
                    FlagsSensitiveFlagsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues(PricingExperiment.PROPERTIES)
            .withPropertyValues(
                    "flags.definitions.checkout.default-variant=on",
                    "flags.store.type=memory",
                    "flags.admin.sensitive-tag=sensitive",
                    "management.endpoints.web.exposure.include=flags");

    @Test
    void everyModulePresentConfiguresEverything() {
        runner.run(context -> {
            assertEngineWorks(context);
            assertThat(context)
                    .hasBean("openFeatureClient")
                    .hasBean("experiments")
                    .hasBean("flagAdmin")
                    .hasBean("flagsExperimentResultsController")
                    .hasBean("flagsSensitiveFlagGuard")
                    .hasBean("flagsEndpointExperiments")
                    .hasBean("flagsEndpointStaleFlags");
        });
    }

    @Test
    void startsWithoutTheOpenFeatureSdkOrBridge() {
        for (String missing : new String[] {"dev.openfeature", "dev.flags.openfeature"}) {
            runner.withClassLoader(new FilteredClassLoader(missing)).run(context -> {
                assertEngineWorks(context);
                assertThat(context)
                        .doesNotHaveBean("openFeatureClient")
                        .hasBean("experiments")
                        .hasBean("flagAdmin");
            });
        }
    }

    @Test
    void startsWithoutExperiments() {
        runner.withClassLoader(new FilteredClassLoader("dev.flags.experiment")).run(context -> {
            assertEngineWorks(context);
            assertThat(context)
                    .doesNotHaveBean("experiments")
                    .doesNotHaveBean("flagsExperimentResultsController")
                    .doesNotHaveBean("flagsEndpointExperiments")
                    .hasBean("openFeatureClient")
                    .hasBean("flagAdmin")
                    .hasBean("flagsAdminController")
                    .hasBean("flagsEndpointStaleFlags");
        });
    }

    @Test
    void startsWithoutTheAdminServiceAndStore() {
        runner.withClassLoader(new FilteredClassLoader("dev.flags.admin", "dev.flags.store"))
                .run(context -> {
                    assertEngineWorks(context);
                    assertThat(context)
                            .doesNotHaveBean("flagStore")
                            .doesNotHaveBean("flagAdmin")
                            .doesNotHaveBean("flagsAdminController")
                            .doesNotHaveBean("flagsSensitiveFlagGuard")
                            .doesNotHaveBean("flagsEndpointStaleFlags")
                            .hasBean("openFeatureClient")
                            .hasBean("experiments");
                    assertThat(context.getBean(FlagsLoadState.class).sources())
                            .containsExactly(PropertyDefinitions.SOURCE);
                });
    }

    @Test
    void startsWithoutJdbc() {
        runner.withClassLoader(new FilteredClassLoader("dev.flags.jdbc")).run(context -> {
            assertEngineWorks(context);
            assertThat(context)
                    .hasBean("openFeatureClient")
                    .hasBean("experiments")
                    .hasBean("flagAdmin")
                    .hasBean("flagsExperimentResultsController");
        });
    }

    private static void assertEngineWorks(AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed().hasSingleBean(FlagManager.class).hasSingleBean(FlagsEndpoint.class);
        FlagManager flags = context.getBean(FlagManager.class);
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();
        assertThat(context.getBean(FlagsEndpoint.class)
                        .explain("pricing", "ann", null, null, null)
                        .reason())
                .isEqualTo("SPLIT");
    }
}
