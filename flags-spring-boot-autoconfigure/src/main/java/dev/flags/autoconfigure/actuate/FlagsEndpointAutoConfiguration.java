package dev.flags.autoconfigure.actuate;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreFollower;
import dev.flags.experiment.Experiments;
import dev.flags.store.FollowingSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * The {@code flags} Actuator endpoint, when Actuator is present and the endpoint is exposed. With
 * flags-experiments it shows experiment results; with a store (flags-admin), the stale-flag report
 * and where this instance stands against the store's change log.
 */
@AutoConfiguration(
        after = {
            FlagsAutoConfiguration.class,
            FlagsExperimentsAutoConfiguration.class,
            FlagsStoreAutoConfiguration.class
        })
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, FlagManager.class})
@ConditionalOnBean(FlagManager.class)
@ConditionalOnAvailableEndpoint(FlagsEndpoint.class)
@ImportRuntimeHints(FlagsEndpointRuntimeHints.class)
public final class FlagsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsEndpoint flagsEndpoint(
            InspectableFlagManager flagManager,
            ObjectProvider<EndpointExperiments> experiments,
            ObjectProvider<EndpointStaleFlags> staleFlags,
            ObjectProvider<EndpointStoreFollower> follower) {
        return new FlagsEndpoint(
                flagManager, experiments.getIfAvailable(), staleFlags.getIfAvailable(), follower.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FollowingSource.class)
    @ConditionalOnBean(FlagsStoreFollower.class)
    static class StoreFollowerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        EndpointStoreFollower flagsEndpointStoreFollower(FlagsStoreFollower follower) {
            return new StoreFollowerContribution(follower);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Experiments.class)
    @ConditionalOnBean(Experiments.class)
    static class ExperimentsConfiguration {

        @Bean
        EndpointExperiments flagsEndpointExperiments(Experiments experiments) {
            return new ExperimentsEndpointContribution(experiments);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlagAdmin.class)
    @ConditionalOnBean(FlagAdmin.class)
    static class StaleFlagsConfiguration {

        @Bean
        EndpointStaleFlags flagsEndpointStaleFlags(FlagAdmin admin) {
            return new StaleFlagsEndpointContribution(admin);
        }
    }
}
