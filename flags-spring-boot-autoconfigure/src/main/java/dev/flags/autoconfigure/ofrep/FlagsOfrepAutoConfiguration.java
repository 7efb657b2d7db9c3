package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.ofrep.OfrepServer;
import jakarta.servlet.ServletContext;
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

    @Bean
    @ConditionalOnMissingBean
    OfrepServer ofrepServer(
            FlagManager flagManager, FlagsProperties properties, ObjectProvider<ServletContext> servletContext) {
        FlagsProperties.Ofrep ofrep = properties.getOfrep();
        String basePath = OfrepEntities.basePath(ofrep.getBasePath());
        OfrepServer.Builder builder = OfrepServer.builder(flagManager)
                .sensitiveTag(properties.getAdmin().getSensitiveTag());
        if (ofrep.getSse().isEnabled()) {
            // Announced as a path on the origin the client already talks to, behind the servlet's context path.
            ServletContext context = servletContext.getIfAvailable();
            builder.sseEndpoint((context == null ? "" : context.getContextPath()) + basePath + OfrepEntities.EVENTS);
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    OfrepController ofrepController(OfrepServer server, FlagsProperties properties) {
        OfrepEntities.basePath(properties.getOfrep().getBasePath());
        return new OfrepController(
                server, OfrepEntities.rateLimiter(properties.getOfrep().getRateLimit()));
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
                    stream, OfrepEntities.rateLimiter(properties.getOfrep().getRateLimit()));
        }
    }
}
