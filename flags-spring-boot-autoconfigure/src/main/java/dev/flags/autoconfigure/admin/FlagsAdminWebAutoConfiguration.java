package dev.flags.autoconfigure.admin;

import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin REST API, when there is a {@link FlagAdmin} (that is, a store) in a servlet web
 * application. Secure by default: the API is on only with Spring Security on the classpath (the
 * caller's authorities map to permissions), or when {@code flags.admin.open=true} opens it to
 * everyone with a loud warning. An application's own {@link FlagsAdminActorResolver} bean also
 * turns it on. With flags-experiments, {@link FlagsAdminExperimentsAutoConfiguration} adds the
 * experiment results.
 */
@AutoConfiguration(after = FlagsStoreAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RestController.class, FlagAdmin.class})
@ConditionalOnBean(FlagAdmin.class)
@ConditionalOnBooleanProperty(name = "flags.admin.enabled", matchIfMissing = true)
@ImportRuntimeHints(FlagsAdminRuntimeHints.class)
public final class FlagsAdminWebAutoConfiguration {

    private static final Log logger = LogFactory.getLog(FlagsAdminWebAutoConfiguration.class);

    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminController flagsAdminController(FlagAdmin admin, FlagsAdminActorResolver actors) {
        return new FlagsAdminController(admin, actors);
    }

    /** A change listener of the engine, taking nothing from it: the engine is built with its listeners. */
    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminEvents flagsAdminEvents(FlagsProperties properties) {
        FlagsProperties.Admin.Events events = properties.getAdmin().getEvents();
        return new FlagsAdminEvents(events.getHeartbeat(), events.getMaxLifetime(), events.getMaxStreams());
    }

    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminEventsController flagsAdminEventsController(
            FlagsAdminEvents events, FlagAdmin admin, FlagsAdminActorResolver actors) {
        return new FlagsAdminEventsController(events, admin, actors);
    }

    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminExplainController flagsAdminExplainController(
            FlagAdmin admin,
            FlagManager flags,
            FlagsAdminActorResolver actors,
            ObjectProvider<ExposureFreeEvaluation> evaluation) {
        return new FlagsAdminExplainController(
                new FlagsAdminExplain(admin, flags, evaluation.getIfAvailable(() -> ExposureFreeEvaluation.DIRECT)),
                actors);
    }

    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminProblems flagsAdminProblems() {
        return new FlagsAdminProblems();
    }

    /** Retry-After is the polling interval: by then this instance has checked the store again. */
    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminStoreUnavailable flagsAdminStoreUnavailable(FlagsProperties properties) {
        return new FlagsAdminStoreUnavailable(properties.getStore().getFollowInterval());
    }

    @Bean
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    @ConditionalOnMissingBean
    FlagsAdminRequestLimit flagsAdminRequestLimit(FlagsProperties properties) {
        return new FlagsAdminRequestLimit(properties.getAdmin().getMaxRequestSize());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    static class SecuredConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagsAdminActorResolver flagsAdminActorResolver(FlagsProperties properties) {
            return new SecurityActorResolver(properties.getAdmin());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
    @ConditionalOnBooleanProperty(name = "flags.admin.open", havingValue = false, matchIfMissing = true)
    @ConditionalOnMissingBean(FlagsAdminActorResolver.class)
    static class AbsentConfiguration {

        @Bean
        static SmartInitializingSingleton flagsAdminAbsentNotice(Environment environment) {
            return absentNotice(environment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
    @ConditionalOnBooleanProperty("flags.admin.open")
    static class OpenConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagsAdminActorResolver flagsAdminActorResolver(FlagsProperties properties) {
            Actor everyone = openActor(properties);
            return request -> everyone;
        }
    }

    /** Logged on either stack when a store is configured but the API stays off for want of security. */
    static SmartInitializingSingleton absentNotice(Environment environment) {
        String basePath = environment.getProperty("flags.admin.base-path", "/flags-admin/api");
        return () -> logger.info("The flags admin API (" + basePath + ") is not registered: a flag store is"
                + " configured but Spring Security is not on the classpath. Add spring-boot-starter-security to"
                + " protect it and turn it on, or set flags.admin.open=true to open it to everyone"
                + " (local experiments only).");
    }

    /** Everyone's actor of an API opened with {@code flags.admin.open=true}, with the warning, on either stack. */
    static Actor openActor(FlagsProperties properties) {
        logger.warn("The flags admin API at " + properties.getAdmin().getBasePath()
                + " is OPEN (flags.admin.open=true): anyone who reaches it can change and delete every flag."
                + " Add Spring Security to protect it.");
        return new Actor("open", EnumSet.allOf(Permission.class), Set.of(), Set.of());
    }
}
