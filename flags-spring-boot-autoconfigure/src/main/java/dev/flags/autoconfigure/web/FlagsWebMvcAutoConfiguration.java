package dev.flags.autoconfigure.web;

import dev.flags.FlagManager;
import dev.flags.MemoScope;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.support.ProtocolPaths;
import dev.flags.autoconfigure.support.SecurityContexts;
import dev.flags.experiment.Experiments;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Web MVC integration: each request's evaluation context and memo, {@code @Variant} handler
 * parameters, and the status answered when a {@code @FeatureToggle} feature is off.
 * {@code flags.request-context.pre-evaluate} records no experiment exposure (with
 * flags-experiments).
 */
@AutoConfiguration(after = {FlagsAutoConfiguration.class, FlagsExperimentsAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({FlagManager.class, WebMvcConfigurer.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
public final class FlagsWebMvcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MemoScope flagsRequestMemoScope() {
        return new RequestMemoScope();
    }

    @Bean
    @ConditionalOnBean(FlagManager.class)
    @ConditionalOnBooleanProperty(name = "flags.request-context.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(name = "flagContextFilter")
    FilterRegistrationBean<FlagContextFilter> flagContextFilter(
            FlagManager flagManager,
            FlagsProperties properties,
            ObjectProvider<FlagContextCustomizer> customizers,
            ObjectProvider<FlagContextFilter.Peek> peek) {
        FlagContextFilter filter = new FlagContextFilter(
                flagManager,
                properties.getRequestContext(),
                customizers.orderedStream().toList(),
                peek.getIfAvailable(),
                ProtocolPaths.of(properties));
        FilterRegistrationBean<FlagContextFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("flagContextFilter");
        registration.setOrder(properties.getRequestContext().getFilterOrder());
        return registration;
    }

    @Bean
    @ConditionalOnBean(FlagManager.class)
    WebMvcConfigurer flagsWebMvcConfigurer(FlagManager flagManager, FlagsProperties properties) {
        int status = properties.getAspects().getDisabledStatus();
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new VariantArgumentResolver(flagManager));
            }

            @Override
            public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
                resolvers.add(new FeatureDisabledExceptionResolver(status));
            }
        };
    }

    /** Pre-evaluated flags record no experiment exposure: the code that uses a flag records it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Experiments.class)
    @ConditionalOnBean(Experiments.class)
    static class ExperimentsConfiguration {

        @Bean
        FlagContextFilter.Peek flagsPreEvaluationPeek(Experiments experiments) {
            return experiments::peek;
        }
    }

    /** Targeting key and groups from Spring Security's authentication, when it is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SecurityContextHolder.class)
    static class SecurityContextConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "flagsSecurityContextCustomizer")
        FlagContextCustomizer flagsSecurityContextCustomizer() {
            return (context, request) -> SecurityContexts.apply(
                    context, SecurityContextHolder.getContext().getAuthentication());
        }
    }
}
