package dev.flags.autoconfigure.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagManagerCustomizer;
import dev.flags.autoconfigure.FlagsProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Sensitive flags (tagged {@code flags.admin.sensitive-tag}) are evaluated only for callers
 * holding READ in Spring Security terms, mapped as for the admin API by
 * {@code flags.admin.permissions} and {@code flags.admin.scopes}; flags without the tag are never
 * checked. Needs flags-admin (permissions) and Spring Security; no store.
 *
 * <p>The guard reads the thread-bound {@code SecurityContextHolder}. On WebFlux the OFREP binding
 * binds the exchange's caller there for each evaluation; in reactive handlers the request context
 * filter carries it in the Reactor context and Micrometer's context propagation restores it
 * ({@code spring.reactor.context-propagation=auto}; without it the guard sees nobody and refuses).
 */
@AutoConfiguration
@ConditionalOnClass({FlagManager.class, Actor.class, SecurityContextHolder.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@ConditionalOnExpression("'${flags.admin.sensitive-tag:}' != ''")
@EnableConfigurationProperties(FlagsProperties.class)
public final class FlagsSensitiveFlagsAutoConfiguration {

    @Bean
    FlagManagerCustomizer flagsSensitiveFlagGuard(FlagsProperties properties) {
        SecurityActors actors = new SecurityActors(properties.getAdmin());
        String tag = requireNonNull(properties.getAdmin().getSensitiveTag());
        return builder -> builder.guard(tag, (flag, context) -> {
            Actor actor = actors.current();
            return actor.has(Permission.READ) && actor.covers(flag);
        });
    }
}
