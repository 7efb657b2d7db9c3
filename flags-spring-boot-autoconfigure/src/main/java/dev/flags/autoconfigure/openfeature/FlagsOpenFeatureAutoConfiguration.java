package dev.flags.autoconfigure.openfeature;

import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MemoScope;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.experiment.Experiments;
import dev.flags.openfeature.FlagsProvider;
import dev.flags.openfeature.OpenFeatureFlagManager;
import dev.flags.spi.ExperimentEventSink;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *       evaluates the same flags; with an {@link Experiments} bean, OpenFeature {@code track}
 *       calls are experiment conversions.
 *   <li>Either way an OpenFeature {@link Client} bean is available.
 *   <li>A provider that fails to initialize does not fail startup: flags return the caller's
 *       default and the {@code flags} health indicator is down until the provider is ready.
 * </ul>
 *
 * Backs off with {@code flags.openfeature.enabled=false} or without the OpenFeature SDK.
 */
@AutoConfiguration(before = FlagsAutoConfiguration.class)
@ConditionalOnClass({OpenFeatureAPI.class, FlagsProvider.class, FlagManager.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "flags.openfeature.enabled", matchIfMissing = true)
public final class FlagsOpenFeatureAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FlagsOpenFeatureAutoConfiguration.class);

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
        @ConditionalOnMissingBean(FlagManager.class)
        InspectableFlagManager flagManager(
                FeatureProvider provider,
                OpenFeatureAPI openFeatureApi,
                ObjectProvider<MemoScope> memoScope,
                ObjectProvider<EvaluationHook> hooks,
                ObjectProvider<FlagChangeListener> listeners) {
            try {
                openFeatureApi.setProviderAndWait(provider);
            } catch (OpenFeatureError e) { // the SDK keeps the provider in error state; health reports it DOWN
                log.error(
                        "OpenFeature provider {} failed to initialize; flags return the caller's default until it is ready",
                        provider.getMetadata().getName(),
                        e);
            }
            OpenFeatureFlagManager manager = OpenFeatureFlagManager.of(
                    openFeatureApi.getClient(), memoScope.getIfAvailable(() -> MemoScope.NONE));
            hooks.orderedStream().forEach(manager::addHook);
            listeners.orderedStream().forEach(manager::addListener);
            return manager;
        }

        @Bean
        @ConditionalOnMissingBean
        FlagsLoadState flagsLoadState(
                InspectableFlagManager flagManager, FeatureProvider provider, OpenFeatureAPI openFeatureApi) {
            boolean ready = openFeatureApi.getClient().getProviderState() == ProviderState.READY;
            return new FlagsLoadState(List.of(provider.getMetadata().getName()), Clock.systemUTC(), ready)
                    .listenTo(flagManager);
        }
    }

    /** No provider of the application's: this library's engine is the OpenFeature provider. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(FeatureProvider.class)
    static class EngineAsProviderConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagsProviderRegistration flagsProviderRegistration(
                OpenFeatureAPI openFeatureApi, InspectableFlagManager flagManager, ObjectProvider<Tracking> tracking) {
            Tracking experiments = tracking.getIfAvailable();
            return new FlagsProviderRegistration(
                    openFeatureApi, flagManager, experiments == null ? null : experiments.sink());
        }

        /**
         * With flags-experiments, OpenFeature {@code track} calls are conversions. The experiments
         * are configured after this (they need the FlagManager), hence looked up when the provider
         * is registered rather than by a condition.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(Experiments.class)
        static class ExperimentsTrackingConfiguration {

            @Bean
            Tracking flagsOpenFeatureTracking(ObjectProvider<Experiments> experiments) {
                return () -> {
                    Experiments tracking = experiments.getIfAvailable();
                    return tracking == null ? null : tracking.trackingSink();
                };
            }
        }
    }

    /**
     * Where OpenFeature {@code track} calls go; contributed only with flags-experiments, so that
     * this configuration names none of its types.
     */
    @FunctionalInterface
    interface Tracking {

        /** The sink, or {@code null} when the application runs no experiments. */
        @Nullable
        ExperimentEventSink sink();
    }
}
