package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.admin.Actor;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RestController;

@ExtendWith(OutputCaptureExtension.class)
class FlagsAdminWebAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsAdminWebAutoConfiguration.class))
            .withPropertyValues("flags.store.type=memory", "flags.definitions.checkout.default-variant=on");

    @Test
    void onWithSpringSecurityMappingAuthorities() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(FlagsAdminController.class);
            assertThat(context.getBean(FlagsAdminActorResolver.class)).isInstanceOf(SecurityActorResolver.class);
        });
    }

    @Test
    void offWithoutSpringSecurity() {
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FlagsAdminController.class);
                    assertThat(context).doesNotHaveBean(FlagsAdminActorResolver.class);
                });
    }

    @Test
    void offWithoutSpringSecuritySaysWhyAndHowToTurnItOnInOneLine(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FlagsAdminController.class);
                    assertThat(output.getAll().lines().filter(line -> line.contains("flags admin API")))
                            .singleElement()
                            .satisfies(line -> assertThat(line)
                                    .endsWith("The flags admin API (/flags-admin/api) is not registered: a flag store"
                                            + " is configured but Spring Security is not on the classpath. Add"
                                            + " spring-boot-starter-security to protect it and turn it on, or set"
                                            + " flags.admin.open=true to open it to everyone (local experiments"
                                            + " only)."));
                });
    }

    @Test
    void noAbsenceLineWhenTheApiIsOn(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasSingleBean(FlagsAdminRequestLimit.class);
            assertThat(output).doesNotContain("is not registered");
        });
    }

    @Test
    void openedExplicitlyWithoutSpringSecurityWithAWarning(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .withPropertyValues("flags.admin.open=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(FlagsAdminController.class);
                    Actor actor = context.getBean(FlagsAdminActorResolver.class).resolve(new MockHttpServletRequest());
                    assertThat(actor.permissions()).containsExactlyInAnyOrder(Permission.values());
                    assertThat(output).contains("is OPEN (flags.admin.open=true)");
                });
    }

    @Test
    void offWithoutSpringMvc() {
        runner.withClassLoader(new FilteredClassLoader(RestController.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsAdminController.class));
    }

    @Test
    void offByProperty() {
        runner.withPropertyValues("flags.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsAdminController.class));
    }

    @Test
    void offWithoutAStore() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsAdminWebAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsAdminController.class));
    }

    @Test
    void offOutsideAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsAdminWebAutoConfiguration.class))
                .withPropertyValues("flags.store.type=memory")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsAdminController.class));
    }

    @Test
    void backsOffToTheApplicationsResolverAndController() {
        FlagsAdminActorResolver own = request -> Actor.of("me", Permission.READ);
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .withBean(FlagsAdminActorResolver.class, () -> own)
                .run(context -> {
                    assertThat(context.getBean(FlagsAdminActorResolver.class)).isSameAs(own);
                    assertThat(context).hasSingleBean(FlagsAdminController.class);
                });
    }

    @Test
    void mapsAuthoritiesToPermissionsAndScopes() {
        runner.withPropertyValues(
                        "flags.admin.permissions.ROLE_VIEWER=READ",
                        "flags.admin.permissions.[ROLE_EDITOR]=READ,WRITE",
                        "flags.admin.permissions.[ROLE_GROWTH]=READ,WRITE",
                        "flags.admin.scopes.[ROLE_GROWTH].owners=growth-team",
                        "flags.admin.scopes.[ROLE_GROWTH].tags=pricing")
                .run(context -> {
                    FlagsAdminActorResolver resolver = context.getBean(FlagsAdminActorResolver.class);
                    try {
                        assertThat(resolver.resolve(new MockHttpServletRequest()))
                                .isEqualTo(Actor.ANONYMOUS);
                        authenticate(new AnonymousAuthenticationToken(
                                "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
                        assertThat(resolver.resolve(new MockHttpServletRequest()))
                                .isEqualTo(Actor.ANONYMOUS);

                        authenticate(UsernamePasswordAuthenticationToken.authenticated(
                                "vera", "x", AuthorityUtils.createAuthorityList("ROLE_VIEWER")));
                        assertThat(resolver.resolve(new MockHttpServletRequest()))
                                .isEqualTo(Actor.of("vera", Permission.READ));

                        authenticate(UsernamePasswordAuthenticationToken.authenticated(
                                "gus", "x", AuthorityUtils.createAuthorityList("ROLE_GROWTH", "ROLE_OTHER")));
                        Actor gus = resolver.resolve(new MockHttpServletRequest());
                        assertThat(gus.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
                        assertThat(gus.owners()).containsExactly("growth-team");
                        assertThat(gus.tags()).containsExactly("pricing");

                        // An unscoped authority lifts the scope of another.
                        authenticate(UsernamePasswordAuthenticationToken.authenticated(
                                "eve", "x", AuthorityUtils.createAuthorityList("ROLE_GROWTH", "ROLE_EDITOR")));
                        assertThat(resolver.resolve(new MockHttpServletRequest())
                                        .isScoped())
                                .isFalse();

                        authenticate(UsernamePasswordAuthenticationToken.authenticated("nobody", "x", List.of()));
                        assertThat(resolver.resolve(new MockHttpServletRequest())
                                        .permissions())
                                .isEmpty();
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                });
    }

    @Test
    void readsPermissionsAsLenientlyAsTypedPropertiesWouldAndFailsStartupOnAnUnknownOne() {
        runner.withPropertyValues("flags.admin.permissions.[ROLE_EDITOR]=read, Write,DELETE")
                .run(context -> {
                    try {
                        authenticate(UsernamePasswordAuthenticationToken.authenticated(
                                "ed", "x", AuthorityUtils.createAuthorityList("ROLE_EDITOR")));
                        assertThat(context.getBean(FlagsAdminActorResolver.class)
                                        .resolve(new MockHttpServletRequest())
                                        .permissions())
                                .containsExactlyInAnyOrder(Permission.READ, Permission.WRITE, Permission.DELETE);
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                });
        runner.withPropertyValues("flags.admin.permissions.[ROLE_EDITOR]=READ,PUBLISH")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        // Spring Boot's own failure analyzer reports this as an invalid property value.
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessage("Property flags.admin.permissions.ROLE_EDITOR with value 'PUBLISH' is invalid:"
                                + " 'PUBLISH' is not a permission; expected one of read, write, delete, admin"));
    }

    private static void authenticate(org.springframework.security.core.Authentication authentication) {
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }
}
