package dev.flags.autoconfigure.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With Micrometer's OpenTelemetry bridge and the OpenTelemetry SDK, as an exporter receives them:
 * each evaluation is a {@code feature_flag.evaluation} event with its own attributes.
 */
class FlagsTracingOpenTelemetryTests {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    private final OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
    private final OtelTracer tracer = new OtelTracer(
            provider.get("flags-test"),
            currentTraceContext,
            event -> {},
            new OtelBaggageManager(currentTraceContext, List.of(), List.of()));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsTracingAutoConfiguration.class))
            .withBean(Tracer.class, () -> tracer)
            .withPropertyValues(FlagsTracingAutoConfigurationTests.FLAGS);

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    @Test
    void everyEvaluationInASpanIsAnEventWithItsOwnAttributesAndTheSpanGetsNoFlagTags() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            inSpan(() -> {
                flags.isEnabled("checkout", EvaluationContext.of("user-1"));
                flags.getString("pricing", "standard", EvaluationContext.of("user-1"));
                flags.isEnabled(
                        "checkout",
                        EvaluationContext.builder()
                                .targetingKey("user-2")
                                .group("staff")
                                .build());
            });
            SpanData span = onlySpan();
            assertThat(span.getEvents()).extracting(EventData::getName).containsOnly(FlagsTracingHook.EVENT);
            assertThat(span.getEvents())
                    .extracting(event -> attributes(event.getAttributes()))
                    .containsExactly(
                            Map.of(
                                    "feature_flag.key", "checkout",
                                    "feature_flag.result.variant", "on",
                                    "feature_flag.result.reason", "default",
                                    "feature_flag.provider.name", "flags"),
                            Map.of(
                                    "feature_flag.key", "pricing",
                                    "feature_flag.result.variant", "discount",
                                    "feature_flag.result.reason", "static",
                                    "feature_flag.provider.name", "flags"),
                            Map.of(
                                    "feature_flag.key", "checkout",
                                    "feature_flag.result.variant", "off",
                                    "feature_flag.result.reason", "targeting_match",
                                    "feature_flag.provider.name", "flags"));
            assertThat(attributes(span.getAttributes())).doesNotContainKeys("feature_flag.key", "error.type");
        });
    }

    @Test
    void aFailedEvaluationsEventHasItsErrorTypeAndMessageAndNoVariantWhileTheOthersKeepTheirs() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            inSpan(() -> {
                flags.getString("checkout", "fallback", EvaluationContext.of("user-1"));
                flags.isEnabled("checkout", EvaluationContext.of("user-1"));
            });
            List<EventData> events = onlySpan().getEvents();
            assertThat(events).hasSize(2);
            assertThat(attributes(events.get(0).getAttributes()))
                    .isEqualTo(Map.of(
                            "feature_flag.key", "checkout",
                            "feature_flag.result.reason", "error",
                            "feature_flag.provider.name", "flags",
                            "error.type", "type_mismatch",
                            "error.message", "flag 'checkout' is of type boolean, not string"));
            assertThat(attributes(events.get(1).getAttributes()))
                    .containsEntry("feature_flag.result.variant", "on")
                    .doesNotContainKey("error.type");
        });
    }

    @Test
    void outsideASpanNothingIsRecorded() {
        runner.run(context -> {
            context.getBean(FlagManager.class).isEnabled("checkout", EvaluationContext.of("user-1"));
            assertThat(exporter.getFinishedSpanItems()).isEmpty();
        });
    }

    private void inSpan(Runnable evaluations) {
        Span span = tracer.nextSpan().name("request").start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        try {
            evaluations.run();
        } finally {
            scope.close();
            span.end();
        }
    }

    private SpanData onlySpan() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private static Map<String, Object> attributes(Attributes attributes) {
        return attributes.asMap().entrySet().stream()
                .collect(Collectors.toMap(e -> ((AttributeKey<?>) e.getKey()).getKey(), Map.Entry::getValue));
    }
}
