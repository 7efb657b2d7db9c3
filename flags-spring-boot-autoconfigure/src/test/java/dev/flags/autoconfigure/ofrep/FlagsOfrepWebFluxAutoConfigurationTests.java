package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.ofrep.OfrepServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;

/** Every condition of {@link FlagsOfrepWebFluxAutoConfiguration}. */
class FlagsOfrepWebFluxAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsOfrepWebFluxAutoConfiguration.class))
            .withPropertyValues("flags.definitions.checkout.default-variant=on");

    @Test
    void offByDefault() {
        runner.run(context ->
                assertThat(context).doesNotHaveBean(OfrepServer.class).doesNotHaveBean(ReactiveOfrepController.class));
    }

    @Test
    void onWithOnePropertyWithoutTheChangeStream() {
        runner.withPropertyValues("flags.ofrep.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(OfrepServer.class).hasSingleBean(ReactiveOfrepController.class);
            assertThat(context)
                    .doesNotHaveBean(ReactiveOfrepEventStream.class)
                    .doesNotHaveBean(ReactiveOfrepEventsController.class)
                    .doesNotHaveBean(OfrepController.class);
            assertThat(context.getBean(ReactiveOfrepCaller.class)).isInstanceOf(ReactiveSecurityOfrepCaller.class);
        });
    }

    @Test
    void theChangeStreamIsAnnouncedBehindTheWebFluxBasePath() {
        runner.withPropertyValues(
                        "flags.ofrep.enabled=true", "flags.ofrep.sse.enabled=true", "spring.webflux.base-path=/shop")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(ReactiveOfrepEventStream.class)
                            .hasSingleBean(ReactiveOfrepEventsController.class);
                    Map<String, Object> bulk = context.getBean(OfrepServer.class)
                            .evaluateAll(Map.of("context", Map.of()), null)
                            .body();
                    assertThat(bulk)
                            .containsEntry(
                                    "eventStreams",
                                    List.of(Map.of(
                                            "type", "sse", "endpoint", Map.of("requestUri", "/shop/ofrep/v1/events"))));
                });
    }

    @Test
    void withoutSpringSecurityEvaluatesWithoutACaller() {
        runner.withPropertyValues("flags.ofrep.enabled=true")
                .withClassLoader(new FilteredClassLoader(ReactiveSecurityContextHolder.class))
                .run(context ->
                        assertThat(context.getBean(ReactiveOfrepCaller.class)).isSameAs(ReactiveOfrepCaller.DIRECT));
    }

    @Test
    void backsOffToTheApplicationsServer() {
        runner.withPropertyValues("flags.ofrep.enabled=true")
                .withBean(
                        "myServer",
                        OfrepServer.class,
                        () -> OfrepServer.builder(
                                        dev.flags.FlagManager.builder().build())
                                .build())
                .run(context -> assertThat(context.getBean(OfrepServer.class)).isSameAs(context.getBean("myServer")));
    }

    @Test
    void badSettingsStopStartupNamingTheProperty() {
        runner.withPropertyValues("flags.ofrep.enabled=true", "flags.ofrep.base-path=/ofrep/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("flags.ofrep.base-path must start with '/'"));
        runner.withPropertyValues(
                        "flags.ofrep.enabled=true", "flags.ofrep.sse.enabled=true", "flags.ofrep.sse.max-connections=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.ofrep.sse.max-connections must be at least 1, not 0"));
    }

    @Test
    void offInAServletApplication() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsOfrepWebFluxAutoConfiguration.class))
                .withPropertyValues("flags.ofrep.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveOfrepController.class));
    }
}
