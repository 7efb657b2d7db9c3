package dev.flags.autoconfigure.actuate;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code flags} health indicator. Backs off without Spring Boot's health module and with
 * {@code management.health.flags.enabled=false}.
 */
@AutoConfiguration(after = FlagsAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, FlagManager.class})
@ConditionalOnBean({FlagManager.class, FlagsLoadState.class})
@ConditionalOnEnabledHealthIndicator("flags")
public final class FlagsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "flagsHealthIndicator")
    HealthIndicator flagsHealthIndicator(InspectableFlagManager flagManager, FlagsLoadState loadState) {
        return new FlagsHealthIndicator(flagManager, loadState);
    }
}
