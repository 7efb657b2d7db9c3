package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.admin.Actor;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Every condition of {@link FlagsAdminWebFluxAutoConfiguration}. */
class FlagsAdminWebFluxAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsAdminWebFluxAutoConfiguration.class))
            .withPropertyValues(
                    "flags.store.type=memory",
                    "flags.definitions.checkout.default-variant=on",
                    "flags.admin.permissions.ROLE_EDITOR=read,write");

    @Test
    void onWithSpringSecurityMappingTheReactiveContextsAuthorities() {
        runner.run(context -> {
            assertThat(context)
                    .hasSingleBean(ReactiveFlagsAdminController.class)
                    .hasSingleBean(ReactiveFlagsAdminProblems.class)
                    .hasSingleBean(ReactiveFlagsAdminRequestLimit.class)
                    .hasSingleBean(ReactiveFlagsAdminEvents.class)
                    .hasSingleBean(FlagsAdminStoreUnavailable.class)
                    .doesNotHaveBean(FlagsAdminController.class);
            ReactiveFlagsAdminActorResolver actors = context.getBean(ReactiveFlagsAdminActorResolver.class);
            assertThat(actors).isInstanceOf(ReactiveSecurityActorResolver.class);
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
            StepVerifier.create(actors.resolve(exchange)
                            .contextWrite(ReactiveSecurityContextHolder.withAuthentication(
                                    UsernamePasswordAuthenticationToken.authenticated(
                                            "ed", null, AuthorityUtils.createAuthorityList("ROLE_EDITOR")))))
                    .assertNext(actor -> {
                        assertThat(actor.name()).isEqualTo("ed");
                        assertThat(actor.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
                    })
                    .verifyComplete();
            StepVerifier.create(actors.resolve(exchange))
                    .expectNext(Actor.ANONYMOUS)
                    .verifyComplete();
        });
    }

    @Test
    void offWithoutSpringSecurityUnlessOpened() {
        runner.withClassLoader(new FilteredClassLoader(ReactiveSecurityContextHolder.class))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ReactiveFlagsAdminController.class)
                        .doesNotHaveBean(ReactiveFlagsAdminActorResolver.class));
        runner.withClassLoader(new FilteredClassLoader(ReactiveSecurityContextHolder.class))
                .withPropertyValues("flags.admin.open=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveFlagsAdminController.class);
                    Actor everyone = context.getBean(ReactiveFlagsAdminActorResolver.class)
                            .resolve(MockServerWebExchange.from(MockServerHttpRequest.get("/")))
                            .block(Duration.ofSeconds(5));
                    assertThat(everyone).isNotNull();
                    assertThat(everyone.permissions()).containsExactlyInAnyOrder(Permission.values());
                });
    }

    @Test
    void backsOffToTheApplicationsResolver() {
        Actor auditor = Actor.of("auditor", Permission.READ);
        runner.withBean(ReactiveFlagsAdminActorResolver.class, () -> exchange -> Mono.just(auditor))
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveFlagsAdminController.class);
                    assertThat(context.getBean(ReactiveFlagsAdminActorResolver.class))
                            .isNotInstanceOf(ReactiveSecurityActorResolver.class);
                });
    }

    @Test
    void offWithoutAStoreOrByProperty() {
        runner.withPropertyValues("flags.store.type=none")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsAdminController.class));
        runner.withPropertyValues("flags.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsAdminController.class));
    }

    @Test
    void offInAServletApplication() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsAdminWebFluxAutoConfiguration.class))
                .withPropertyValues("flags.store.type=memory")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsAdminController.class));
    }

    @Test
    void eventStreamSettingsAreCheckedNamingTheProperty() {
        runner.withPropertyValues("flags.admin.events.max-streams=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.admin.events.max-streams must be at least 1, not 0"));
        runner.withPropertyValues("flags.admin.events.heartbeat=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("flags.admin.events.heartbeat must be positive"));
    }
}
