package dev.flags.autoconfigure.metrics;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreFollower;
import dev.flags.store.FollowingSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer metrics of flag evaluations, definitions and reloads; see {@link FlagsMeterBinder} for
 * the meters, and {@link FlagsStoreMeterBinder} for a shared store's. Backs off without Micrometer or a {@link MeterRegistry}, and with
 * {@code flags.metrics.enabled=false}.
 */
@AutoConfiguration(
        after = {
            MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            FlagsAutoConfiguration.class,
            FlagsStoreAutoConfiguration.class
        })
@ConditionalOnClass({MeterRegistry.class, FlagManager.class})
@ConditionalOnBean({MeterRegistry.class, FlagManager.class, FlagsLoadState.class})
@ConditionalOnBooleanProperty(name = "flags.metrics.enabled", matchIfMissing = true)
public final class FlagsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsMeterBinder flagsMeterBinder(
            InspectableFlagManager flagManager, FlagsLoadState loadState, FlagsProperties properties) {
        return new FlagsMeterBinder(
                flagManager, loadState, properties.getMetrics().isLatency());
    }

    /** The {@code flags.store.*} meters, with a follower of a shared store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FollowingSource.class)
    @ConditionalOnBean(FlagsStoreFollower.class)
    static class StoreFollowerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagsStoreMeterBinder flagsStoreMeterBinder(FlagsStoreFollower follower) {
            return new FlagsStoreMeterBinder(follower);
        }
    }
}
