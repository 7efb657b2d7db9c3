package dev.flags.autoconfigure.admin;

import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import dev.flags.experiment.Experiments;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.core.publisher.Mono;

/**
 * The admin REST API on WebFlux, when there is a {@link FlagAdmin} (that is, a store) in a reactive
 * web application: the endpoints, JSON and Problem Details of the Spring MVC binding
 * ({@link FlagsAdminWebAutoConfiguration}), the change stream and the request size limit. Secure
 * by default in the same way: on with Spring Security on the classpath (the authentication of its
 * reactive context maps to permissions), or when {@code flags.admin.open=true} opens it to
 * everyone with a loud warning; an application's own {@link ReactiveFlagsAdminActorResolver} bean
 * also turns it on.
 */
@AutoConfiguration(after = {FlagsStoreAutoConfiguration.class, FlagsExperimentsAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({RestController.class, FlagAdmin.class, WebFluxConfigurer.class, Mono.class})
@ConditionalOnBean(FlagAdmin.class)
@ConditionalOnBooleanProperty(name = "flags.admin.enabled", matchIfMissing = true)
public final class FlagsAdminWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnBean(ReactiveFlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    ReactiveFlagsAdminEvents flagsReactiveAdminEvents(FlagsProperties properties) {
        FlagsProperties.Admin.Events events = properties.getAdmin().getEvents();
        return new ReactiveFlagsAdminEvents(events.getHeartbeat(), events.getMaxLifetime(), events.getMaxStreams());
    }

    @Bean
    @ConditionalOnBean(ReactiveFlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    ReactiveFlagsAdminController flagsReactiveAdminController(
            FlagAdmin admin,
            FlagManager flags,
            ReactiveFlagsAdminEvents events,
            ReactiveFlagsAdminActorResolver actors,
            ObjectProvider<ExposureFreeEvaluation> evaluation) {
        FlagsAdminExplain explain =
                new FlagsAdminExplain(admin, flags, evaluation.getIfAvailable(() -> ExposureFreeEvaluation.DIRECT));
        return new ReactiveFlagsAdminController(new FlagsAdminApi(admin), explain, events, actors);
    }

    @Bean
    @ConditionalOnBean(ReactiveFlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    ReactiveFlagsAdminProblems flagsReactiveAdminProblems() {
        return new ReactiveFlagsAdminProblems();
    }

    /** Retry-After is the polling interval: by then this instance has checked the store again. */
    @Bean
    @ConditionalOnBean(ReactiveFlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminStoreUnavailable flagsAdminStoreUnavailable(FlagsProperties properties) {
        return new FlagsAdminStoreUnavailable(properties.getStore().getFollowInterval());
    }

    @Bean
    @ConditionalOnBean(ReactiveFlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    ReactiveFlagsAdminRequestLimit flagsReactiveAdminRequestLimit(FlagsProperties properties) {
        FlagsProperties.Admin admin = properties.getAdmin();
        return new ReactiveFlagsAdminRequestLimit(admin.getBasePath(), admin.getMaxRequestSize());
    }

    /** The explain records no exposure, as on Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Experiments.class)
    @ConditionalOnBean(Experiments.class)
    static class ExperimentsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ExposureFreeEvaluation flagsAdminExposureFreeEvaluation(Experiments experiments) {
            return experiments::withoutExposures;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.ReactiveSecurityContextHolder")
    static class SecuredConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveFlagsAdminActorResolver flagsReactiveAdminActorResolver(FlagsProperties properties) {
            return new ReactiveSecurityActorResolver(properties.getAdmin());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.ReactiveSecurityContextHolder")
    @ConditionalOnBooleanProperty(name = "flags.admin.open", havingValue = false, matchIfMissing = true)
    @ConditionalOnMissingBean(ReactiveFlagsAdminActorResolver.class)
    static class AbsentConfiguration {

        @Bean
        static SmartInitializingSingleton flagsReactiveAdminAbsentNotice(Environment environment) {
            return FlagsAdminWebAutoConfiguration.absentNotice(environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.ReactiveSecurityContextHolder")
    @ConditionalOnBooleanProperty("flags.admin.open")
    static class OpenConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveFlagsAdminActorResolver flagsReactiveAdminActorResolver(FlagsProperties properties) {
            Mono<Actor> everyone = Mono.just(FlagsAdminWebAutoConfiguration.openActor(properties));
            return exchange -> everyone;
        }
    }
}
