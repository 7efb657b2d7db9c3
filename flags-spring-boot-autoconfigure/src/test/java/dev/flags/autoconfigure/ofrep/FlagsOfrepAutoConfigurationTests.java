package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.ofrep.OfrepServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Every condition of {@link FlagsOfrepAutoConfiguration}. */
class FlagsOfrepAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsOfrepAutoConfiguration.class))
            .withPropertyValues("flags.definitions.checkout.default-variant=on");

    @Test
    void offByDefault() {
        runner.run(context ->
                assertThat(context).doesNotHaveBean(OfrepServer.class).doesNotHaveBean(OfrepController.class));
    }

    @Test
    void onWithOnePropertyWithoutTheChangeStream() {
        runner.withPropertyValues("flags.ofrep.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(OfrepServer.class).hasSingleBean(OfrepController.class);
            assertThat(context).doesNotHaveBean(OfrepEventStream.class).doesNotHaveBean(OfrepEventsController.class);
            Map<String, Object> bulk = context.getBean(OfrepServer.class)
                    .evaluateAll(Map.of("context", Map.of()), null)
                    .body();
            assertThat(bulk).containsOnlyKeys("flags");
        });
    }

    @Test
    void theChangeStreamIsAnOptInAnnouncedInBulkAnswers() {
        runner.withPropertyValues(
                        "flags.ofrep.enabled=true", "flags.ofrep.sse.enabled=true", "flags.ofrep.base-path=/api/ofrep")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(OfrepEventStream.class)
                            .hasSingleBean(OfrepEventsController.class);
                    assertThat(context.getBean(OfrepServer.class)
                                    .evaluateAll(Map.of("context", Map.of()), null)
                                    .body())
                            .containsEntry(
                                    "eventStreams",
                                    java.util.List.of(Map.of(
                                            "type", "sse", "endpoint", Map.of("requestUri", "/api/ofrep/v1/events"))));
                });
    }

    @Test
    void backsOffToTheApplicationsServer() {
        runner.withPropertyValues("flags.ofrep.enabled=true")
                .withBean(
                        "myServer",
                        OfrepServer.class,
                        () -> OfrepServer.builder(FlagManager.builder().build()).build())
                .run(context -> assertThat(context)
                        .hasSingleBean(OfrepServer.class)
                        .hasBean("myServer")
                        .hasSingleBean(OfrepController.class));
    }

    @Test
    void absentWithoutTheOfrepModule() {
        runner.withPropertyValues("flags.ofrep.enabled=true")
                .withClassLoader(new FilteredClassLoader(OfrepServer.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OfrepController.class));
    }

    @Test
    void absentOutsideAServletWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsOfrepAutoConfiguration.class))
                .withPropertyValues("flags.ofrep.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OfrepServer.class));
    }

    @Test
    void absentWhenFlagsAreSwitchedOff() {
        runner.withPropertyValues("flags.ofrep.enabled=true", "flags.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OfrepServer.class));
    }

    @Test
    void aBasePathThatIsNotAFixedPathFailsStartupNamingTheProperty() {
        runner.withPropertyValues("flags.ofrep.enabled=true", "flags.ofrep.base-path=ofrep/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.ofrep.base-path must start with '/' and name a fixed path without a trailing"
                                + " '/' (for example /ofrep), not 'ofrep/'"));
    }

    @Test
    void aNegativeRateLimitFailsStartupNamingTheProperty() {
        runner.withPropertyValues("flags.ofrep.enabled=true", "flags.ofrep.rate-limit.requests=-1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.ofrep.rate-limit.requests must be 0 (no limit) or more, not -1"));
    }
}
