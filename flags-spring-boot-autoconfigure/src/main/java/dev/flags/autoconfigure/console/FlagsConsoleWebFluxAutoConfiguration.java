package dev.flags.autoconfigure.console;

import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.admin.FlagsAdminWebFluxAutoConfiguration;
import dev.flags.autoconfigure.admin.ReactiveFlagsAdminActorResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.core.publisher.Mono;

/**
 * The web console (flags-console) on WebFlux, at {@code flags.console.path}, default
 * {@code /flags-console}: the page, assets and headers of {@link FlagsConsoleAutoConfiguration},
 * under the same conditions. It exists only where the reactive admin API does (a store, and Spring
 * Security or an explicitly opened API, and {@code flags.admin.enabled} not false);
 * {@code flags.console.enabled=false} turns it off alone. The page carries the CSRF token of Spring
 * Security's reactive {@code CsrfWebFilter}. Protect the path in the application's
 * {@code SecurityWebFilterChain} like the API.
 */
@AutoConfiguration(after = FlagsAdminWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({WebFluxConfigurer.class, Mono.class, FlagAdmin.class})
@ConditionalOnResource(resources = "classpath:" + ConsolePage.LOCATION + "index.html")
@ConditionalOnBean({FlagAdmin.class, ReactiveFlagsAdminActorResolver.class})
@ConditionalOnBooleanProperty(name = "flags.admin.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "flags.console.enabled", matchIfMissing = true)
@ImportRuntimeHints(FlagsConsoleRuntimeHints.class)
public final class FlagsConsoleWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReactiveFlagsConsoleController flagsReactiveConsoleController(
            FlagsProperties properties, ObjectProvider<ReactiveConsoleCsrf> csrf) {
        return new ReactiveFlagsConsoleController(
                ConsolePage.of(properties), csrf.getIfAvailable(() -> ReactiveConsoleCsrf.NONE));
    }

    @Bean
    WebFluxConfigurer flagsReactiveConsoleAssets(FlagsProperties properties) {
        String assets = ConsolePage.assets(properties);
        return new WebFluxConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler(assets)
                        .addResourceLocations(ConsolePage.ASSETS)
                        .setCacheControl(ConsolePage.ASSETS_CACHE);
            }
        };
    }

    /** The CSRF token of Spring Security's reactive web filters, for the page to hand to its scripts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.web.server.csrf.CsrfToken")
    static class CsrfConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveConsoleCsrf flagsReactiveConsoleCsrf() {
            return new ReactiveSecurityConsoleCsrf();
        }
    }
}
