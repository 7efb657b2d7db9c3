package dev.flags.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class FlagsMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class, FlagsAutoConfiguration.class, FlagsMetricsAutoConfiguration.class))
            .withUserConfiguration(Registry.class)
            .withPropertyValues(
                    "flags.definitions.checkout.default-variant=on",
                    "flags.definitions.old.default-variant=on",
                    "flags.definitions.old.status=archived",
                    "flags.definitions.paused-one.default-variant=on",
                    "flags.definitions.paused-one.status=paused");

    @Test
    void countsEvaluationsWithBoundedTags() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            flags.isEnabled("checkout", EvaluationContext.of("user-1"));
            flags.isEnabled("checkout", EvaluationContext.of("user-2"));
            flags.isEnabled("nope-1", EvaluationContext.of("user-3"));
            flags.isEnabled("nope-2", EvaluationContext.of("user-3"));
            assertThat(registry.get("flags.evaluations")
                            .tag("feature_flag.key", "checkout")
                            .tag("feature_flag.result.variant", "on")
                            .tag("feature_flag.result.reason", "static")
                            .tag("error.type", "none")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
            assertThat(registry.get("flags.evaluations")
                            .tag("feature_flag.key", "undefined")
                            .tag("error.type", "flag_not_found")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
            assertThat(registry.find("flags.evaluations").counters())
                    .allSatisfy(counter ->
                            assertThat(counter.getId().getTags().toString()).doesNotContain("user-"));
            assertThat(registry.get("flags.evaluation.duration")
                            .tag("feature_flag.key", "checkout")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("flags.evaluations").counter().getId().getDescription())
                    .isNotBlank();
        });
    }

    @Test
    void publishesFlagsByStatusReloadsAndLoadAge() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("flags.definitions")
                            .tag("status", "active")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(registry.get("flags.definitions")
                            .tag("status", "archived")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(registry.get("flags.definitions")
                            .tag("status", "paused")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(registry.get("flags.reloads")
                            .tag("result", "failure")
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(registry.get("flags.load.age").timeGauge().value()).isGreaterThanOrEqualTo(0.0);
        });
    }

    @Test
    void latencyTimerCanBeSwitchedOff() {
        runner.withPropertyValues("flags.metrics.latency=false").run(context -> {
            context.getBean(FlagManager.class).isEnabled("checkout", EvaluationContext.EMPTY);
            assertThat(context.getBean(MeterRegistry.class)
                            .find("flags.evaluation.duration")
                            .timer())
                    .isNull();
        });
    }

    @Test
    void backsOffWhenSwitchedOff() {
        runner.withPropertyValues("flags.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsMeterBinder.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FlagsMeterBinder.class));
    }

    @Test
    void backsOffWithoutARegistry() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsMeterBinder.class));
    }

    @Test
    void backsOffToTheApplicationsBinder() {
        runner.withBean(
                        "myBinder",
                        FlagsMeterBinder.class,
                        () -> new FlagsMeterBinder(
                                FlagManager.builder().build(),
                                new FlagsLoadState(java.util.List.of(), java.time.Clock.systemUTC(), true),
                                false))
                .run(context ->
                        assertThat(context).getBeans(FlagsMeterBinder.class).containsOnlyKeys("myBinder"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry simpleMeterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
