package dev.flags.autoconfigure.console;

import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.admin.FlagsAdminActorResolver;
import dev.flags.autoconfigure.admin.FlagsAdminWebAutoConfiguration;
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
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console (flags-console) at {@code flags.console.path}, default {@code /flags-console}.
 * It exists only where the admin API does (a store, and Spring Security or an explicitly opened
 * API, and {@code flags.admin.enabled} not false), because it can do nothing but call that API;
 * {@code flags.console.enabled=false} turns it off alone. Protect the path like the API: the
 * page itself holds no data, but it is where people sign in to change flags.
 * {@link FlagsConsoleWebFluxAutoConfiguration} serves the same page and assets on WebFlux.
 */
@AutoConfiguration(after = FlagsAdminWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({WebMvcConfigurer.class, FlagAdmin.class})
@ConditionalOnResource(resources = "classpath:" + ConsolePage.LOCATION + "index.html")
@ConditionalOnBean({FlagAdmin.class, FlagsAdminActorResolver.class})
@ConditionalOnBooleanProperty(name = "flags.admin.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "flags.console.enabled", matchIfMissing = true)
@ImportRuntimeHints(FlagsConsoleRuntimeHints.class)
public final class FlagsConsoleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsConsoleController flagsConsoleController(FlagsProperties properties, ObjectProvider<ConsoleCsrf> csrf) {
        return new FlagsConsoleController(ConsolePage.of(properties), csrf.getIfAvailable(() -> ConsoleCsrf.NONE));
    }

    @Bean
    WebMvcConfigurer flagsConsoleAssets(FlagsProperties properties) {
        String assets = ConsolePage.assets(properties);
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler(assets)
                        .addResourceLocations(ConsolePage.ASSETS)
                        .setCacheControl(ConsolePage.ASSETS_CACHE);
            }
        };
    }

    /** The CSRF token of Spring Security's web filters, for the page to hand to its scripts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.web.csrf.CsrfToken")
    static class CsrfConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConsoleCsrf flagsConsoleCsrf() {
            return new SecurityConsoleCsrf();
        }
    }
}
