package dev.flags.autoconfigure.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminWebAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

class FlagsConsoleAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsAdminWebAutoConfiguration.class,
                    FlagsConsoleAutoConfiguration.class))
            .withUserConfiguration(Mvc.class)
            .withPropertyValues("flags.store.type=memory", "flags.definitions.checkout.default-variant=on");

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class Mvc {}

    @Test
    void onWhereTheAdminApiIsWithSpringSecuritysCsrfToken() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(FlagsConsoleController.class);
            assertThat(context.getBean(ConsoleCsrf.class)).isInstanceOf(SecurityConsoleCsrf.class);
        });
    }

    @Test
    void offWithoutAStoreBecauseThereIsNoAdminApi() {
        runner.withPropertyValues("flags.store.type=none")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsConsoleController.class));
    }

    @Test
    void offWhenTheAdminApiIsOff() {
        runner.withPropertyValues("flags.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsConsoleController.class));
    }

    @Test
    void offByItsOwnProperty() {
        runner.withPropertyValues("flags.console.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(FlagsConsoleController.class);
            assertThat(context).hasBean("flagsAdminController");
        });
    }

    @Test
    void offWithoutTheFlagsConsoleJar() {
        runner.withClassLoader(new FilteredClassLoader(new ClassPathResource("META-INF/flags-console/index.html")))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsConsoleController.class));
    }

    @Test
    void backsOffToTheApplicationsCsrfSource() {
        runner.withBean(ConsoleCsrf.class, () -> request -> new ConsoleCsrfToken("X-MINE", "mine-param", "mine"))
                .run(context -> assertThat(mvc(context)
                                .perform(get("/flags-console/"))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                        .contains("<meta name=\"flags-csrf-header\" content=\"X-MINE\">")
                        .contains("<meta name=\"flags-csrf-parameter\" content=\"mine-param\">"));
    }

    @Test
    void servesThePageWithAStrictPolicyTheApiPathAndTheEscapedCsrfToken() {
        runner.run(context -> {
            CsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a\"b<c>");
            mvc(context)
                    .perform(get("/flags-console/").requestAttr(CsrfToken.class.getName(), token))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY))
                    .andExpect(header().string("Cache-Control", "no-store"))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(content()
                            .string(Matchers.containsString("<meta name=\"flags-api\" content=\"/flags-admin/api\">")))
                    .andExpect(content()
                            .string(Matchers.containsString(
                                    "<meta name=\"flags-csrf-token\" content=\"a&quot;b&lt;c&gt;\">")))
                    .andExpect(content()
                            .string(Matchers.containsString("<meta name=\"flags-csrf-parameter\" content=\"_csrf\">")))
                    .andExpect(content()
                            .string(Matchers.containsString("<meta name=\"flags-logout\" content=\"/logout\">")))
                    .andExpect(content()
                            .string(Matchers.containsString(
                                    "<script type=\"module\" src=\"/flags-console/assets/console.js\"></script>")));
            mvc(context).perform(get("/flags-console")).andExpect(status().isOk());
            mvc(context)
                    .perform(get("/flags-console/assets/console.js"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Cache-Control", "no-cache"));
        });
    }

    @Test
    void mountedAtTheConfiguredPathUnderTheAdminApisConfiguredPath() {
        runner.withPropertyValues("flags.console.path=/ops/flags", "flags.admin.base-path=/ops/api")
                .run(context -> {
                    mvc(context)
                            .perform(get("/ops/flags/"))
                            .andExpect(status().isOk())
                            .andExpect(content()
                                    .string(Matchers.containsString("<meta name=\"flags-api\" content=\"/ops/api\">")))
                            .andExpect(content()
                                    .string(Matchers.containsString(
                                            "<link rel=\"stylesheet\" href=\"/ops/flags/assets/console.css\">")));
                    mvc(context).perform(get("/ops/flags/assets/console.css")).andExpect(status().isOk());
                    mvc(context).perform(get("/flags-console/")).andExpect(status().isNotFound());
                });
    }

    @Test
    void aPathThatCannotBeMountedFailsStartupNamingTheProperty() {
        runner.withPropertyValues("flags.console.path=/ops/flags/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage(
                                "flags.console.path must start with '/', not end with '/' and hold no wildcard, such as"
                                        + " /flags-console or /ops/flags; it is '/ops/flags/'"));
    }

    @Test
    void theSignOutFormPostsToTheConfiguredLogoutPathUnderTheContextPath() {
        runner.withPropertyValues("flags.console.logout-path=/auth/sign-out")
                .run(context -> assertThat(mvc(context)
                                .perform(get("/shop/flags-console/").contextPath("/shop"))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                        .contains("<meta name=\"flags-logout\" content=\"/shop/auth/sign-out\">")
                        .contains("<meta name=\"flags-api\" content=\"/shop/flags-admin/api\">"));
    }

    @Test
    void anEmptyLogoutPathLeavesTheSignOutControlOut() {
        runner.withPropertyValues("flags.console.logout-path=")
                .run(context -> assertThat(mvc(context)
                                .perform(get("/flags-console/"))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                        .contains("<meta name=\"flags-logout\" content=\"\">"));
    }

    @Test
    void aLogoutPathThatIsNoPathFailsStartupNamingTheProperty() {
        runner.withPropertyValues("flags.console.logout-path=logout")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.console.logout-path must be empty (no sign-out control) or start with"
                                + " '/', such as /logout; it is 'logout'"));
    }

    private static MockMvc mvc(org.springframework.context.ApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                .build();
    }
}
