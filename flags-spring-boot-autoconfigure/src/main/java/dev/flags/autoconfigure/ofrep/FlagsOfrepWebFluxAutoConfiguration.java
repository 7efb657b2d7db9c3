package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.ofrep.OfrepServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.core.publisher.Mono;

/**
 * The OFREP server ({@link OfrepServer}) on WebFlux, when {@code flags.ofrep.enabled=true} in a
 * reactive web application: what {@link FlagsOfrepAutoConfiguration} gives a Spring MVC application
 * (the two evaluation endpoints, the rate limit, the change stream), with the same properties and
 * answers. Security is the application's {@code SecurityWebFilterChain}; the sensitive-flag guard
 * ({@code flags.admin.sensitive-tag}) reads the authentication of its reactive context.
 */
@AutoConfiguration(after = FlagsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({OfrepServer.class, FlagManager.class, WebFluxConfigurer.class, Mono.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("flags.ofrep.enabled")
@ConditionalOnBean(FlagManager.class)
@EnableConfigurationProperties(FlagsProperties.class)
public final class FlagsOfrepWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OfrepServer ofrepServer(FlagManager flagManager, FlagsProperties properties, Environment environment) {
        FlagsProperties.Ofrep ofrep = properties.getOfrep();
        String basePath = OfrepEntities.basePath(ofrep.getBasePath());
        OfrepServer.Builder builder = OfrepServer.builder(flagManager)
                .sensitiveTag(properties.getAdmin().getSensitiveTag());
        if (ofrep.getSse().isEnabled()) {
            // Announced as a path on the origin the client already talks to, behind WebFlux's base path.
            String applicationPath = environment.getProperty("spring.webflux.base-path", "");
            builder.sseEndpoint(applicationPath + basePath + OfrepEntities.EVENTS);
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveOfrepController reactiveOfrepController(
            OfrepServer server, FlagsProperties properties, ReactiveOfrepCaller caller) {
        return new ReactiveOfrepController(
                server, OfrepEntities.rateLimiter(properties.getOfrep().getRateLimit()), caller);
    }

    /** With Spring Security, evaluations run as the exchange's caller, for the sensitive-flag guard. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.ReactiveSecurityContextHolder")
    static class SecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveOfrepCaller reactiveOfrepCaller() {
            return new ReactiveSecurityOfrepCaller();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.ReactiveSecurityContextHolder")
    static class NoSecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveOfrepCaller reactiveOfrepCaller() {
            return ReactiveOfrepCaller.DIRECT;
        }
    }

    /** The change stream, a change listener the engine registers like every FlagChangeListener bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("flags.ofrep.sse.enabled")
    static class EventStreamConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveOfrepEventStream reactiveOfrepEventStream(FlagsProperties properties) {
            FlagsProperties.Ofrep.Sse sse = properties.getOfrep().getSse();
            return new ReactiveOfrepEventStream(sse.getHeartbeat(), sse.getTimeout(), sse.getMaxConnections());
        }

        @Bean
        @ConditionalOnMissingBean
        ReactiveOfrepEventsController reactiveOfrepEventsController(
                ReactiveOfrepEventStream stream, FlagsProperties properties) {
            return new ReactiveOfrepEventsController(
                    stream, OfrepEntities.rateLimiter(properties.getOfrep().getRateLimit()));
        }
    }
}
