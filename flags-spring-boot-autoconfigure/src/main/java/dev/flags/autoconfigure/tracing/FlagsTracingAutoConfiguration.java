package dev.flags.autoconfigure.tracing;

import dev.flags.FlagManager;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records flag evaluations on the current span with a {@link FlagsTracingHook}, which the
 * auto-configured {@link FlagManager} picks up as it does every hook bean. Backs off without
 * Micrometer Tracing or a {@link Tracer}, to an application's own {@link FlagsTracingHook}, and with
 * {@code flags.tracing.enabled=false}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"
        })
@ConditionalOnClass({Tracer.class, FlagManager.class})
@ConditionalOnBean(Tracer.class)
@ConditionalOnBooleanProperty(name = "flags.tracing.enabled", matchIfMissing = true)
public final class FlagsTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsTracingHook flagsTracingHook(Tracer tracer) {
        return new FlagsTracingHook(tracer, FlagsTracingHook.ENGINE_PROVIDER_NAME);
    }
}
