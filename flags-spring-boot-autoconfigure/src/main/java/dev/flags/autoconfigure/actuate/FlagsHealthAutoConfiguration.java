package dev.flags.autoconfigure.actuate;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreFollower;
import dev.flags.store.FollowingSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code flags} health indicator. Backs off without Spring Boot's health module and with
 * {@code management.health.flags.enabled=false}. With a shared store, the indicator shows the
 * store follower's status.
 */
@AutoConfiguration(after = {FlagsAutoConfiguration.class, FlagsStoreAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, FlagManager.class})
@ConditionalOnBean({FlagManager.class, FlagsLoadState.class})
@ConditionalOnEnabledHealthIndicator("flags")
public final class FlagsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "flagsHealthIndicator")
    HealthIndicator flagsHealthIndicator(
            InspectableFlagManager flagManager,
            FlagsLoadState loadState,
            ObjectProvider<EndpointStoreFollower> follower) {
        return new FlagsHealthIndicator(flagManager, loadState, follower.getIfAvailable());
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
}
