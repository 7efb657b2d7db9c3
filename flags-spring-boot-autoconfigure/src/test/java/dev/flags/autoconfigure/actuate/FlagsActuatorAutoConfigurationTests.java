package dev.flags.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagExplanation;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FlagsActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsHealthAutoConfiguration.class,
                    FlagsEndpointAutoConfiguration.class))
            .withPropertyValues(
                    "management.endpoints.web.exposure.include=flags,health",
                    "flags.definitions.payments.default-variant=on",
                    "flags.definitions.checkout.default-variant=off",
                    "flags.definitions.checkout.prerequisites[0].flag=payments",
                    "flags.definitions.checkout.prerequisites[0].variant=on",
                    "flags.definitions.checkout.rules[0].name=half",
                    "flags.definitions.checkout.rules[0].serve.distribution.on=50",
                    "flags.definitions.checkout.rules[0].serve.distribution.off=50");

    @Test
    void endpointListsStaleFlagsWhenFlagsLiveInAStore() {
        runner.withConfiguration(AutoConfigurations.of(FlagsStoreAutoConfiguration.class))
                .withPropertyValues(
                        "flags.store.type=memory",
                        "flags.definitions.old.default-variant=on",
                        "flags.definitions.old.review-by=2020-01-01")
                .run(context -> {
                    FlagsEndpoint.FlagsDescriptor flags =
                            context.getBean(FlagsEndpoint.class).flags();
                    assertThat(flags.flags()).hasSize(3);
                    assertThat(flags.stale()).singleElement().satisfies(stale -> {
                        assertThat(stale.key()).isEqualTo("old");
                        assertThat(stale.reason()).isEqualTo("REVIEW_DATE_PASSED");
                    });
                    assertThat(context.getBean(FlagsLoadState.class).sources()).containsExactly("in-memory store");
                });
    }

    @Test
    void endpointHasNoStaleReportWithoutAStore() {
        runner.run(context ->
                assertThat(context.getBean(FlagsEndpoint.class).flags().stale()).isNull());
    }

    @Test
    void endpointListsFlags() {
        runner.run(context -> {
            FlagsEndpoint.FlagsDescriptor flags =
                    context.getBean(FlagsEndpoint.class).flags();
            assertThat(flags.flags())
                    .extracting(FlagsEndpoint.FlagDescriptor::key)
                    .containsExactly("payments", "checkout");
            FlagsEndpoint.FlagDescriptor checkout = flags.flags().get(1);
            assertThat(checkout.type()).isEqualTo("boolean");
            assertThat(checkout.status()).isEqualTo("active");
            assertThat(checkout.variants()).containsExactly("on", "off");
            assertThat(checkout.rules()).isEqualTo(1);
            assertThat(checkout.prerequisites()).containsExactly("payments");
        });
    }

    @Test
    void endpointShowsOneDefinition() {
        runner.run(context -> {
            FlagsEndpoint endpoint = context.getBean(FlagsEndpoint.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> checkout = (Map<String, Object>)
                    ((Map<String, Object>) endpoint.flag("checkout").get("flags")).get("checkout");
            assertThat(checkout).containsEntry("default-variant", "off").doesNotContainKey("type");
            assertThat((List<?>) checkout.get("rules")).hasSize(1);
            assertThat(checkout.get("prerequisites")).isEqualTo(List.of(Map.of("flag", "payments", "variant", "on")));
            assertThat(endpoint.flag("nope")).isNull();
        });
    }

    @Test
    void endpointExplainsAnEvaluationWithBucketAndPrerequisites() {
        runner.run(context -> {
            FlagExplanation explanation =
                    context.getBean(FlagsEndpoint.class).explain("checkout", "user-7", "staff", "age=42", null);
            assertThat(explanation.reason()).isEqualTo("SPLIT");
            assertThat(explanation.rule()).isEqualTo("rule-1");
            assertThat(explanation.bucketingValue()).isEqualTo("user-7");
            assertThat(explanation.bucketCount()).isEqualTo(100L);
            assertThat(explanation.bucket()).isBetween(0L, 99L);
            assertThat(explanation.variant()).isEqualTo(explanation.bucket() < 50 ? "on" : "off");
            assertThat(explanation.prerequisites()).singleElement().satisfies(check -> {
                assertThat(check.flag()).isEqualTo("payments");
                assertThat(check.met()).isTrue();
            });
        });
    }

    @Test
    void healthIsUpWithSourcesAndLastLoad() {
        runner.run(context -> {
            Health health = context.getBean("flagsHealthIndicator", HealthIndicator.class)
                    .health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("sources", List.of("application properties (flags.*)"))
                    .containsEntry("flags", 2)
                    .containsKey("lastLoad");
        });
    }

    @Test
    void healthIsDownWhenNothingLoaded() {
        runner.withBean(
                        FlagsLoadState.class,
                        () -> new FlagsLoadState(List.of("remote"), java.time.Clock.systemUTC(), false))
                .run(context -> assertThat(context.getBean("flagsHealthIndicator", HealthIndicator.class)
                                .health(true)
                                .getStatus())
                        .isEqualTo(Status.DOWN));
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.flags.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("flagsHealthIndicator"));
    }

    @Test
    void endpointBacksOffWhenNotExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsEndpoint.class));
    }

    @Test
    void backOffWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(FlagManager.class)
                        .doesNotHaveBean(FlagsEndpoint.class)
                        .doesNotHaveBean("flagsHealthIndicator"));
    }

    @Test
    void backOffToTheApplicationsBeans() {
        runner.withBean(
                        "flagsEndpoint",
                        FlagsEndpoint.class,
                        () -> new FlagsEndpoint(FlagManager.builder().build()))
                .run(context -> assertThat(
                                context.getBean(FlagsEndpoint.class).flags().flags())
                        .isEmpty());
    }
}
