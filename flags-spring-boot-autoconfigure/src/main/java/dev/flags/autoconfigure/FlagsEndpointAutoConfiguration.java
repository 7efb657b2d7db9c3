package dev.flags.autoconfigure;

import dev.flags.FlagManager;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code flags} Actuator endpoint, when Actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = FlagsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, FlagManager.class})
@ConditionalOnBean(FlagManager.class)
@ConditionalOnAvailableEndpoint(FlagsEndpoint.class)
public final class FlagsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsEndpoint flagsEndpoint(FlagManager flagManager) {
        return new FlagsEndpoint(flagManager);
    }
}
