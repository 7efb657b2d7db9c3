package dev.flags.autoconfigure;

import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.MemoScope;
import dev.flags.openfeature.FlagsProvider;
import dev.flags.openfeature.OpenFeatureFlagManager;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenFeature both ways.
 *
 * <ul>
 *   <li>When the application defines an OpenFeature {@link FeatureProvider} bean, it is registered
 *       with the {@link OpenFeatureAPI} and the {@link FlagManager} runs over it
 *       ({@link OpenFeatureFlagManager}): annotations, request context and metrics keep working with
 *       flags that live in another system.
 *   <li>Otherwise the {@link FlagManager} (this library's engine) is registered with the
 *       {@link OpenFeatureAPI} as a {@link FlagsProvider}, so code written against OpenFeature
 *       evaluates the same flags.
 *   <li>Either way an OpenFeature {@link Client} bean is available.
 * </ul>
 *
 * Backs off with {@code flags.openfeature.enabled=false} or without the OpenFeature SDK.
 */
@AutoConfiguration(before = FlagsAutoConfiguration.class)
@ConditionalOnClass({OpenFeatureAPI.class, FlagsProvider.class, FlagManager.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "flags.openfeature.enabled", matchIfMissing = true)
public final class FlagsOpenFeatureAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenFeatureAPI openFeatureApi() {
        return OpenFeatureAPI.getInstance();
    }

    @Bean
    @ConditionalOnMissingBean
    Client openFeatureClient(OpenFeatureAPI openFeatureApi, ObjectProvider<FlagsProviderRegistration> registration) {
        registration.ifAvailable(r -> {}); // our provider is registered before clients evaluate
        return openFeatureApi.getClient();
    }

    /** The application's own provider: the FlagManager runs over it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(FeatureProvider.class)
    static class OverApplicationProviderConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagManager flagManager(
                FeatureProvider provider,
                OpenFeatureAPI openFeatureApi,
                ObjectProvider<MemoScope> memoScope,
                ObjectProvider<EvaluationHook> hooks,
                ObjectProvider<FlagChangeListener> listeners) {
            openFeatureApi.setProviderAndWait(provider);
            OpenFeatureFlagManager manager = OpenFeatureFlagManager.of(
                    openFeatureApi.getClient(), memoScope.getIfAvailable(() -> MemoScope.NONE));
            hooks.orderedStream().forEach(manager::addHook);
            listeners.orderedStream().forEach(manager::addListener);
            return manager;
        }
    }

    /** No provider of the application's: this library's engine is the OpenFeature provider. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(FeatureProvider.class)
    static class EngineAsProviderConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagsProviderRegistration flagsProviderRegistration(OpenFeatureAPI openFeatureApi, FlagManager flagManager) {
            return new FlagsProviderRegistration(openFeatureApi, flagManager);
        }
    }
}
