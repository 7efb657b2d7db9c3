package dev.flags.autoconfigure.webflux;

import dev.flags.FlagManager;
import dev.flags.MemoScope;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.support.ProtocolPaths;
import dev.flags.autoconfigure.support.SecurityContexts;
import dev.flags.experiment.Experiments;
import io.micrometer.context.ContextRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import reactor.core.publisher.Mono;

/**
 * WebFlux integration: each exchange's evaluation context and memo, carried in the Reactor context;
 * {@code @Variant} handler parameters; and the status answered when a {@code @FeatureToggle}
 * feature is off. With Micrometer's context-propagation library the memo also reaches context-free
 * {@code FlagManager} calls in handlers (set {@code spring.reactor.context-propagation=auto}).
 */
@AutoConfiguration(after = {FlagsAutoConfiguration.class, FlagsExperimentsAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({FlagManager.class, WebFluxConfigurer.class, Mono.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
public final class FlagsWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnBean(FlagManager.class)
    @ConditionalOnBooleanProperty(name = "flags.request-context.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(name = "flagContextWebFilter")
    FlagContextWebFilter flagContextWebFilter(
            FlagManager flagManager,
            FlagsProperties properties,
            ObjectProvider<ReactiveFlagContextCustomizer> customizers,
            ObjectProvider<FlagContextWebFilter.Peek> peek,
            ObjectProvider<FlagContextWebFilter.Caller> caller) {
        return new FlagContextWebFilter(
                flagManager,
                properties.getRequestContext(),
                customizers.orderedStream().toList(),
                peek.getIfAvailable(),
                ProtocolPaths.of(properties),
                caller.getIfAvailable());
    }

    @Bean
    @ConditionalOnBean(FlagManager.class)
    WebFluxConfigurer flagsWebFluxConfigurer(FlagManager flagManager) {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new ReactiveVariantArgumentResolver(flagManager));
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean(name = "flagsFeatureDisabledWebExceptionHandler")
    FeatureDisabledWebExceptionHandler flagsFeatureDisabledWebExceptionHandler(FlagsProperties properties) {
        return new FeatureDisabledWebExceptionHandler(properties.getAspects().getDisabledStatus());
    }

    /** The memo reaches context-free calls through Micrometer's context propagation. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ContextRegistry.class)
    static class ContextPropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MemoScope flagsReactiveMemoScope() {
            PropagatedMemoScope scope = new PropagatedMemoScope();
            // Registry keys are unique: a second context (tests) replaces the first one's accessor.
            ContextRegistry.getInstance().registerThreadLocalAccessor(scope);
            return scope;
        }
    }

    /** Pre-evaluated flags record no experiment exposure: the code that uses a flag records it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Experiments.class)
    @ConditionalOnBean(Experiments.class)
    static class ExperimentsConfiguration {

        @Bean
        FlagContextWebFilter.Peek flagsReactivePreEvaluationPeek(Experiments experiments) {
            return (key, context) -> experiments.peek(key, context).value();
        }
    }

    /** Targeting key and groups from Spring Security's authentication, when it is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Authentication.class)
    static class SecurityConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "flagsReactiveSecurityCustomizer")
        ReactiveFlagContextCustomizer flagsReactiveSecurityCustomizer() {
            return (context, exchange, principal) ->
                    SecurityContexts.apply(context, principal instanceof Authentication a ? a : null);
        }
    }

    /**
     * With the sensitive-flag guard ({@code flags.admin.sensitive-tag}), which reads Spring
     * Security's thread-bound context: the exchange's authentication travels in the Reactor context
     * beside the memo, under the key of Spring Security's own {@code
     * SecurityContextHolderThreadLocalAccessor}, and Micrometer's context propagation restores it
     * into the {@code SecurityContextHolder} of each step's thread (and clears it after), as it does
     * the memo. WebFlux's own {@code ReactiveSecurityContextHolder} keeps a {@code Mono} there that
     * no thread-local accessor can read.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.security.core.context.SecurityContextHolderThreadLocalAccessor",
                "io.micrometer.context.ContextRegistry"
            })
    @ConditionalOnExpression("'${flags.admin.sensitive-tag:}' != ''")
    static class SecurityCallerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagContextWebFilter.Caller flagsReactiveSecurityCaller() {
            // The accessor's key and value type: SecurityContextHolderThreadLocalAccessor.key().
            String key = SecurityContext.class.getName();
            return (context, principal) -> principal instanceof Authentication authentication
                    ? context.put(key, new SecurityContextImpl(authentication))
                    : context;
        }
    }
}
