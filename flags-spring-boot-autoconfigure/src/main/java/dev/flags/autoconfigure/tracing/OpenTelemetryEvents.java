package dev.flags.autoconfigure.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Records an evaluation as an OpenTelemetry span event with its own attributes, as the semantic
 * conventions describe it, for the span behind a Micrometer span of the OpenTelemetry bridge.
 * Micrometer's own {@link Span} API cannot: its events have no attributes. Loaded only when the
 * OpenTelemetry API is on the class path.
 */
final class OpenTelemetryEvents {

    private static final AttributeKey<String> KEY = AttributeKey.stringKey(FlagsTracingHook.KEY);
    private static final AttributeKey<String> VARIANT = AttributeKey.stringKey(FlagsTracingHook.VARIANT);
    private static final AttributeKey<String> REASON = AttributeKey.stringKey(FlagsTracingHook.REASON);
    private static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey(FlagsTracingHook.PROVIDER_NAME);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(FlagsTracingHook.ERROR_TYPE);
    private static final AttributeKey<String> ERROR_MESSAGE = AttributeKey.stringKey(FlagsTracingHook.ERROR_MESSAGE);

    private OpenTelemetryEvents() {}

    /**
     * Adds the event to OpenTelemetry's current span when that is the span {@code span} stands for.
     *
     * @return {@code false}, having recorded nothing, when OpenTelemetry's current span is another
     *     one or none (another tracer's span, such as Brave's)
     */
    static boolean record(
            Span span,
            String flagKey,
            @Nullable String variant,
            String reason,
            String providerName,
            @Nullable String errorType,
            @Nullable String errorMessage) {
        io.opentelemetry.api.trace.Span current = io.opentelemetry.api.trace.Span.current();
        SpanContext otel = current.getSpanContext();
        TraceContext micrometer = span.context();
        if (!otel.isValid()
                || !otel.getSpanId().equals(micrometer.spanId())
                || !otel.getTraceId().equals(micrometer.traceId())) {
            return false;
        }
        AttributesBuilder attributes =
                Attributes.builder().put(KEY, flagKey).put(REASON, reason).put(PROVIDER_NAME, providerName);
        if (variant != null) {
            attributes.put(VARIANT, variant);
        }
        if (errorType != null) {
            attributes.put(ERROR_TYPE, errorType);
        }
        if (errorMessage != null) {
            attributes.put(ERROR_MESSAGE, errorMessage);
        }
        current.addEvent(FlagsTracingHook.EVENT, attributes.build());
        return true;
    }
}
