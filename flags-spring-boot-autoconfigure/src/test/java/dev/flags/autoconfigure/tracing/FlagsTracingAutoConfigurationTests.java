package dev.flags.autoconfigure.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationHook;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class FlagsTracingAutoConfigurationTests {

    /** The flags of the tracing tests: a boolean with a rule for staff, a string without rules. */
    static final String[] FLAGS = {
        "flags.definitions.checkout.default-variant=on",
        "flags.definitions.checkout.rules[0].id=staff",
        "flags.definitions.checkout.rules[0].when[0].attribute=groups",
        "flags.definitions.checkout.rules[0].when[0].operator=contains",
        "flags.definitions.checkout.rules[0].when[0].value=staff",
        "flags.definitions.checkout.rules[0].serve=off",
        "flags.definitions.pricing.type=string",
        "flags.definitions.pricing.variants.standard=standard",
        "flags.definitions.pricing.variants.discount=discount",
        "flags.definitions.pricing.default-variant=discount"
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsTracingAutoConfiguration.class))
            .withBean(SimpleTracer.class, SimpleTracer::new)
            .withPropertyValues(FLAGS);

    @Test
    void recordsEachEvaluationInASpanAsAFeatureFlagEvaluationEventWithTheConventionsAttributes() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            inSpan(
                    tracer,
                    () -> assertThat(flags.isEnabled("checkout", EvaluationContext.of("user-1")))
                            .isTrue());
            SimpleSpan span = tracer.onlySpan();
            assertThat(eventNames(span)).containsExactly(FlagsTracingHook.EVENT);
            assertThat(span.getTags())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "feature_flag.key", "checkout",
                            "feature_flag.result.variant", "on",
                            "feature_flag.result.reason", "default",
                            "feature_flag.provider.name", "flags"));
        });
    }

    @Test
    void aMatchedRuleIsRecordedWithItsReasonAndEveryEvaluationGetsItsOwnEvent() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            inSpan(tracer, () -> {
                flags.getString("pricing", "standard", EvaluationContext.of("user-1"));
                flags.isEnabled(
                        "checkout",
                        EvaluationContext.builder()
                                .targetingKey("user-2")
                                .group("staff")
                                .build());
            });
            SimpleSpan span = tracer.onlySpan();
            assertThat(eventNames(span)).containsExactly(FlagsTracingHook.EVENT, FlagsTracingHook.EVENT);
            assertThat(span.getTags())
                    .containsEntry("feature_flag.key", "checkout")
                    .containsEntry("feature_flag.result.variant", "off")
                    .containsEntry("feature_flag.result.reason", "targeting_match")
                    .doesNotContainKey("error.type");
        });
    }

    @Test
    void aFailedEvaluationRecordsItsErrorTypeAndMessageAndNoVariant() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            inSpan(tracer, () -> {
                assertThat(flags.getString("missing", "fallback", EvaluationContext.of("user-1")))
                        .isEqualTo("fallback");
                assertThat(flags.getString("checkout", "fallback", EvaluationContext.of("user-1")))
                        .isEqualTo("fallback");
            });
            SimpleSpan span = tracer.onlySpan();
            assertThat(eventNames(span)).hasSize(2);
            assertThat(span.getTags())
                    .containsEntry("feature_flag.key", "checkout")
                    .containsEntry("feature_flag.result.reason", "error")
                    .containsEntry("feature_flag.result.variant", "")
                    .containsEntry("error.type", "type_mismatch")
                    .containsEntry("error.message", "flag 'checkout' is of type boolean, not string");
        });
    }

    @Test
    void neverRecordsTheValueOfAFlag() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            inSpan(tracer, () -> flags.getString("pricing", "standard", EvaluationContext.of("user-1")));
            assertThat(tracer.onlySpan().getTags())
                    .doesNotContainKey("feature_flag.result.value")
                    .doesNotContainValue("user-1");
        });
    }

    @Test
    void outsideASpanTheHookWantsNoEvaluationAndEvaluationsAllocateNothingForIt() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            FlagsTracingHook hook = context.getBean(FlagsTracingHook.class);
            assertThat(hook.interest("checkout")).isEqualTo(EvaluationHook.Interest.NONE);
            EvaluationContext user = EvaluationContext.of("user-1");
            for (int i = 0; i < 20_000; i++) { // warm the allocation counter and the paths
                flags.isEnabled("checkout", user);
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            int evaluations = 100_000;
            for (int i = 0; i < evaluations; i++) {
                flags.isEnabled("checkout", user);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // an evaluation with an active hook allocates its hook context (well over 40 bytes)
            assertThat(allocated).isLessThan(evaluations);
            assertThat(context.getBean(SimpleTracer.class).getSpans()).isEmpty();
        });
    }

    @Test
    void withBootsNoopTracerTheHookNeverWantsAnEvaluation() {
        FlagsTracingHook hook = new FlagsTracingHook(Tracer.NOOP, FlagsTracingHook.ENGINE_PROVIDER_NAME);
        assertThat(hook.interest("checkout")).isEqualTo(EvaluationHook.Interest.NONE);
        Span span = Tracer.NOOP.nextSpan().start();
        Tracer.SpanInScope scope = Tracer.NOOP.withSpan(span);
        try {
            assertThat(hook.interest("checkout")).isEqualTo(EvaluationHook.Interest.NONE);
        } finally {
            scope.close();
        }
    }

    @Test
    void backsOffToTheApplicationsOwnHookWhoseProviderNameIsRecorded() {
        runner.withUserConfiguration(OwnHook.class).run(context -> {
            assertThat(context.getBeansOfType(EvaluationHook.class)).containsOnlyKeys("myTracingHook");
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            inSpan(tracer, () -> context.getBean(FlagManager.class).isEnabled("checkout", EvaluationContext.EMPTY));
            assertThat(tracer.onlySpan().getTags()).containsEntry("feature_flag.provider.name", "my-provider");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHook {

        @Bean
        FlagsTracingHook myTracingHook(Tracer tracer) {
            return new FlagsTracingHook(tracer, "my-provider");
        }
    }

    @Test
    void backsOffWithoutATracer() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsTracingAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsTracingHook.class));
    }

    @Test
    void backsOffWithoutMicrometerTracing() {
        runner.withClassLoader(new FilteredClassLoader(Tracer.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FlagsTracingHook.class));
    }

    @Test
    void isSwitchedOffByProperty() {
        runner.withPropertyValues("flags.tracing.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(FlagsTracingHook.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            inSpan(tracer, () -> context.getBean(FlagManager.class).isEnabled("checkout", EvaluationContext.EMPTY));
            assertThat(tracer.onlySpan().getEvents()).isEmpty();
            assertThat(tracer.onlySpan().getTags()).isEmpty();
        });
    }

    @Test
    void rejectsABlankProviderName() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new FlagsTracingHook(new SimpleTracer(), " "))
                .withMessage("providerName must not be blank");
    }

    static void inSpan(Tracer tracer, Runnable work) {
        Span span = tracer.nextSpan().name("request").start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        try {
            work.run();
        } finally {
            scope.close();
            span.end();
        }
    }

    static List<String> eventNames(SimpleSpan span) {
        return span.getEvents().stream().map(Map.Entry::getValue).toList();
    }
}
