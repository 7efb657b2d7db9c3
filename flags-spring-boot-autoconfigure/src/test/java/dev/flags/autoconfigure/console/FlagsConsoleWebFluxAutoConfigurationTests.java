package dev.flags.autoconfigure.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminWebFluxAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Every condition of {@link FlagsConsoleWebFluxAutoConfiguration} and the page it serves, the cases
 * of {@link FlagsConsoleAutoConfigurationTests} on WebFlux: requests go through the application's
 * {@link HttpHandler}, so {@code spring.webflux.base-path} applies as on a server.
 */
class FlagsConsoleWebFluxAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CodecsAutoConfiguration.class,
                    WebFluxAutoConfiguration.class,
                    HttpHandlerAutoConfiguration.class,
                    ErrorWebFluxAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsAdminWebFluxAutoConfiguration.class,
                    FlagsConsoleWebFluxAutoConfiguration.class))
            .withPropertyValues("flags.store.type=memory", "flags.definitions.checkout.default-variant=on");

    /** What Spring Security's {@code CsrfWebFilter} leaves in the exchange: a {@code Mono} of the token. */
    private static WebFilter csrfToken(CsrfToken token) {
        return (exchange, chain) -> {
            exchange.getAttributes().put(CsrfToken.class.getName(), Mono.just(token));
            return chain.filter(exchange);
        };
    }

    @Test
    void onWhereTheReactiveAdminApiIsWithSpringSecuritysReactiveCsrfToken() {
        runner.run(context -> {
            assertThat(context)
                    .hasSingleBean(ReactiveFlagsConsoleController.class)
                    .doesNotHaveBean(FlagsConsoleController.class);
            assertThat(context.getBean(ReactiveConsoleCsrf.class)).isInstanceOf(ReactiveSecurityConsoleCsrf.class);
        });
    }

    @Test
    void offWithoutAStoreBecauseThereIsNoAdminApi() {
        runner.withPropertyValues("flags.store.type=none")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsConsoleController.class));
    }

    @Test
    void offWhenTheAdminApiIsOff() {
        runner.withPropertyValues("flags.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsConsoleController.class));
    }

    @Test
    void offWithoutSpringSecurityAsTheAdminApiIsUnlessItIsOpened() {
        runner.withClassLoader(new FilteredClassLoader(ReactiveSecurityContextHolder.class))
                .run(context -> assertThat(context)
                        .doesNotHaveBean("flagsReactiveAdminController")
                        .doesNotHaveBean(ReactiveFlagsConsoleController.class));
        runner.withClassLoader(new FilteredClassLoader(ReactiveSecurityContextHolder.class))
                .withPropertyValues("flags.admin.open=true")
                .run(context -> assertThat(context).hasSingleBean(ReactiveFlagsConsoleController.class));
    }

    @Test
    void offByItsOwnProperty() {
        runner.withPropertyValues("flags.console.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ReactiveFlagsConsoleController.class);
            assertThat(context).hasBean("flagsReactiveAdminController");
        });
    }

    @Test
    void offWithoutTheFlagsConsoleJar() {
        runner.withClassLoader(new FilteredClassLoader(new ClassPathResource("META-INF/flags-console/index.html")))
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsConsoleController.class));
    }

    @Test
    void offInAServletApplication() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsAdminWebFluxAutoConfiguration.class,
                        FlagsConsoleWebFluxAutoConfiguration.class))
                .withPropertyValues("flags.store.type=memory")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveFlagsConsoleController.class));
    }

    @Test
    void backsOffToTheApplicationsCsrfSource() {
        runner.withBean(
                        ReactiveConsoleCsrf.class,
                        () -> exchange -> Mono.just(new ConsoleCsrfToken("X-MINE", "mine-param", "mine")))
                .run(context -> assertThat(page(context, "/flags-console/"))
                        .contains("<meta name=\"flags-csrf-header\" content=\"X-MINE\">")
                        .contains("<meta name=\"flags-csrf-parameter\" content=\"mine-param\">")
                        .contains("<meta name=\"flags-csrf-token\" content=\"mine\">"));
    }

    @Test
    void servesThePageWithAStrictPolicyTheApiPathAndTheEscapedCsrfToken() {
        runner.withBean(WebFilter.class, () -> csrfToken(new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a\"b<c>")))
                .run(context -> {
                    client(context)
                            .get()
                            .uri("/flags-console/")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectHeader()
                            .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                            .expectHeader()
                            .valueEquals("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY)
                            .expectHeader()
                            .valueEquals("Cache-Control", "no-store")
                            .expectHeader()
                            .valueEquals("X-Content-Type-Options", "nosniff")
                            .expectHeader()
                            .valueEquals("Referrer-Policy", "same-origin")
                            .expectBody(String.class)
                            .value(body -> assertThat(body)
                                    .contains("<meta name=\"flags-api\" content=\"/flags-admin/api\">")
                                    .contains("<meta name=\"flags-csrf-header\" content=\"X-CSRF-TOKEN\">")
                                    .contains("<meta name=\"flags-csrf-token\" content=\"a&quot;b&lt;c&gt;\">")
                                    .contains("<meta name=\"flags-csrf-parameter\" content=\"_csrf\">")
                                    .contains("<meta name=\"flags-logout\" content=\"/logout\">")
                                    .contains("<script type=\"module\" src=\"/flags-console/assets/console.js\">"
                                            + "</script>"));
                    client(context)
                            .get()
                            .uri("/flags-console")
                            .exchange()
                            .expectStatus()
                            .isOk();
                    client(context)
                            .get()
                            .uri("/flags-console/assets/console.js")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectHeader()
                            .valueEquals("Cache-Control", "no-cache")
                            .expectHeader()
                            .contentType("text/javascript");
                });
    }

    @Test
    void withoutATokenInTheExchangeThePageCarriesNone() {
        runner.run(context -> assertThat(page(context, "/flags-console/"))
                .contains("<meta name=\"flags-csrf-header\" content=\"\">")
                .contains("<meta name=\"flags-csrf-token\" content=\"\">")
                .contains("<meta name=\"flags-csrf-parameter\" content=\"\">"));
    }

    @Test
    void anAssetThatIsNotThereIsNotFound() {
        runner.run(context -> client(context)
                .get()
                .uri("/flags-console/assets/nope.js")
                .exchange()
                .expectStatus()
                .isNotFound());
    }

    @Test
    void mountedAtTheConfiguredPathUnderTheAdminApisConfiguredPath() {
        runner.withPropertyValues("flags.console.path=/ops/flags", "flags.admin.base-path=/ops/api")
                .run(context -> {
                    assertThat(page(context, "/ops/flags/"))
                            .contains("<meta name=\"flags-api\" content=\"/ops/api\">")
                            .contains("<link rel=\"stylesheet\" href=\"/ops/flags/assets/console.css\">");
                    client(context)
                            .get()
                            .uri("/ops/flags/assets/console.css")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectHeader()
                            .contentType("text/css");
                    client(context)
                            .get()
                            .uri("/flags-console/")
                            .exchange()
                            .expectStatus()
                            .isNotFound();
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
    void theSignOutFormPostsToTheConfiguredLogoutPathUnderTheBasePath() {
        runner.withPropertyValues("flags.console.logout-path=/auth/sign-out", "spring.webflux.base-path=/shop")
                .run(context -> {
                    assertThat(page(context, "/shop/flags-console/"))
                            .contains("<meta name=\"flags-logout\" content=\"/shop/auth/sign-out\">")
                            .contains("<meta name=\"flags-api\" content=\"/shop/flags-admin/api\">")
                            .contains("<script type=\"module\" src=\"/shop/flags-console/assets/console.js\">");
                    client(context)
                            .get()
                            .uri("/shop/flags-console/assets/console.js")
                            .exchange()
                            .expectStatus()
                            .isOk();
                });
    }

    @Test
    void anEmptyLogoutPathLeavesTheSignOutControlOut() {
        runner.withPropertyValues("flags.console.logout-path=")
                .run(context -> assertThat(page(context, "/flags-console/"))
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

    private static String page(ApplicationContext context, String path) {
        return client(context)
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** Through the application's HttpHandler, which applies spring.webflux.base-path. */
    private static WebTestClient client(ApplicationContext context) {
        return WebTestClient.bindToServer(new HttpHandlerConnector(context.getBean(HttpHandler.class)))
                .baseUrl("http://localhost")
                .build();
    }
}
