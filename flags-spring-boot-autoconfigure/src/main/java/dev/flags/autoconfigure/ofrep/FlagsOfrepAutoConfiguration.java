package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.ofrep.OfrepRateLimiter;
import dev.flags.ofrep.OfrepServer;
import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The OFREP server ({@link OfrepServer}) on Spring MVC, when {@code flags.ofrep.enabled=true} in a
 * servlet web application: the two evaluation endpoints under {@code flags.ofrep.base-path},
 * a per-client rate limit when {@code flags.ofrep.rate-limit.requests} is set, and with
 * {@code flags.ofrep.sse.enabled=true} the change stream. Security is the application's: the
 * endpoints are ordinary MVC handlers behind its Spring Security filter chain, and the
 * sensitive-flag guard ({@code flags.admin.sensitive-tag}) reads the same authentication.
 */
@AutoConfiguration(after = FlagsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OfrepServer.class, FlagManager.class, DispatcherServlet.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("flags.ofrep.enabled")
@ConditionalOnBean(FlagManager.class)
@EnableConfigurationProperties(FlagsProperties.class)
public final class FlagsOfrepAutoConfiguration {

    static final String EVENTS = "/v1/events";

    @Bean
    @ConditionalOnMissingBean
    OfrepServer ofrepServer(
            FlagManager flagManager, FlagsProperties properties, ObjectProvider<ServletContext> servletContext) {
        FlagsProperties.Ofrep ofrep = properties.getOfrep();
        String basePath = basePath(ofrep.getBasePath());
        OfrepServer.Builder builder = OfrepServer.builder(flagManager)
                .sensitiveTag(properties.getAdmin().getSensitiveTag());
        if (ofrep.getSse().isEnabled()) {
            // Announced as a path on the origin the client already talks to, behind the servlet's context path.
            ServletContext context = servletContext.getIfAvailable();
            builder.sseEndpoint((context == null ? "" : context.getContextPath()) + basePath + EVENTS);
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    OfrepController ofrepController(OfrepServer server, FlagsProperties properties) {
        basePath(properties.getOfrep().getBasePath());
        return new OfrepController(server, rateLimiter(properties.getOfrep().getRateLimit()));
    }

    /** The change stream, a change listener the engine registers like every FlagChangeListener bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("flags.ofrep.sse.enabled")
    static class EventStreamConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OfrepEventStream ofrepEventStream(FlagsProperties properties) {
            FlagsProperties.Ofrep.Sse sse = properties.getOfrep().getSse();
            return new OfrepEventStream(sse.getHeartbeat(), sse.getTimeout(), sse.getMaxConnections());
        }

        @Bean
        @ConditionalOnMissingBean
        OfrepEventsController ofrepEventsController(OfrepEventStream stream, FlagsProperties properties) {
            return new OfrepEventsController(
                    stream, rateLimiter(properties.getOfrep().getRateLimit()));
        }
    }

    private static @Nullable OfrepRateLimiter rateLimiter(FlagsProperties.Ofrep.RateLimit limit) {
        if (limit.getRequests() < 0) {
            throw new IllegalStateException(
                    "flags.ofrep.rate-limit.requests must be 0 (no limit) or more, not " + limit.getRequests());
        }
        if (limit.getRequests() == 0) {
            return null;
        }
        if (limit.getPeriod().isNegative() || limit.getPeriod().isZero()) {
            throw new IllegalStateException("flags.ofrep.rate-limit.period must be positive, not " + limit.getPeriod());
        }
        return OfrepRateLimiter.of(limit.getRequests(), limit.getPeriod());
    }

    /** Checked here, where the message can name the property; the mappings read it as it is. */
    static String basePath(String basePath) {
        if (!basePath.startsWith("/") || basePath.endsWith("/") || basePath.contains("{") || basePath.contains("*")) {
            throw new IllegalStateException("flags.ofrep.base-path must start with '/' and name a fixed path without"
                    + " a trailing '/' (for example /ofrep), not '" + basePath + "'");
        }
        return basePath;
    }
}
