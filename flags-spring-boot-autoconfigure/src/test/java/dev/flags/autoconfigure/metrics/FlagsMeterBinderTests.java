package dev.flags.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationHook;
import dev.flags.FlagManager;
import dev.flags.HookContext;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FlagsMeterBinderTests {

    private static final long PAUSE_MILLIS = 100;

    @Test
    void timesEachEvaluationFromItsOwnStartWhenAnotherRunsInsideAHook() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("outer").defaultVariant("on").build(),
                        FlagDefinition.builder("inner").defaultVariant("off").build()))
                .build()) {
            new FlagsMeterBinder(flags, new FlagsLoadState(List.of("test"), Clock.systemUTC(), true), true)
                    .bindTo(registry);
            // Runs after the metrics hook's before: the outer evaluation has started its clock.
            flags.addHook(new EvaluationHook() {
                @Override
                public @Nullable Object before(HookContext evaluation) {
                    if (evaluation.flagKey().equals("outer")) {
                        pause();
                        flags.isEnabled("inner", EvaluationContext.EMPTY);
                    }
                    return null;
                }
            });

            assertThat(flags.isEnabled("outer", EvaluationContext.EMPTY)).isTrue();
        }

        Timer outer = timer(registry, "outer");
        Timer inner = timer(registry, "inner");
        assertThat(outer.count()).isEqualTo(1);
        assertThat(inner.count()).isEqualTo(1);
        assertThat(outer.totalTime(TimeUnit.MILLISECONDS))
                .as("the outer evaluation includes the pause its hook took")
                .isGreaterThanOrEqualTo(PAUSE_MILLIS);
        assertThat(inner.totalTime(TimeUnit.MILLISECONDS))
                .as("the inner evaluation began after the pause")
                .isLessThan(PAUSE_MILLIS);
        assertThat(registry.get("flags.evaluations")
                        .tag("feature_flag.key", "inner")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void countsEachCombinationOfFlagVariantReasonAndErrorOnItsOwnCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("banner").defaultVariant("on").build()))
                .build()) {
            new FlagsMeterBinder(flags, new FlagsLoadState(List.of("test"), Clock.systemUTC(), true), false)
                    .bindTo(registry);
            for (int i = 0; i < 3; i++) {
                flags.isEnabled("banner", EvaluationContext.EMPTY);
            }
            flags.isEnabled("no-such-flag", EvaluationContext.EMPTY);
            flags.isEnabled("another-missing-flag", EvaluationContext.EMPTY);
            flags.getString("banner", "x", EvaluationContext.EMPTY);
        }

        assertThat(count(registry, "banner", "on", "static", "none")).isEqualTo(3);
        assertThat(count(registry, "banner", "none", "error", "type_mismatch")).isEqualTo(1);
        assertThat(count(registry, FlagsMeterBinder.UNDEFINED, "none", "error", "flag_not_found"))
                .as("undefined keys share one series")
                .isEqualTo(2);
        assertThat(registry.get("flags.evaluations").counters()).hasSize(3);
        assertThat(registry.find("flags.evaluation.duration").timers())
                .as("latency off records no timer")
                .isEmpty();
    }

    @Test
    void evaluatingWithMetricsOnAllocatesNothingPerCallAndCountsEveryCall() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EvaluationContext[] users = new EvaluationContext[1024];
        for (int i = 0; i < users.length; i++) {
            users[i] = EvaluationContext.builder()
                    .targetingKey("user-" + i)
                    .attribute("country", i % 2 == 0 ? "DE" : "US")
                    .build();
        }
        long calls = 1_024_000; // whole rounds of the 1024 users, so the counts are exact
        long warmUp = 204_800;
        long onForUsers = 0;
        long bytes;
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(FlagDefinition.builder("checkout")
                        .defaultVariant("off")
                        .rule(Rule.of(
                                "eu",
                                Serve.split("on", 25).and("off", 75),
                                Condition.of("country", Operator.IN, "DE", "FR")))
                        .build()))
                .build()) {
            new FlagsMeterBinder(flags, new FlagsLoadState(List.of("test"), Clock.systemUTC(), true), true)
                    .bindTo(registry);
            for (EvaluationContext user : users) {
                onForUsers += flags.isEnabled("checkout", user) ? 1 : 0;
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            for (long i = 0; i < warmUp; i++) {
                flags.isEnabled("checkout", users[(int) (i & 1023)]);
            }
            long before = threads.getThreadAllocatedBytes(thread);
            for (long i = 0; i < calls; i++) {
                flags.isEnabled("checkout", users[(int) (i & 1023)]);
            }
            bytes = threads.getThreadAllocatedBytes(thread) - before;
        }

        assertThat(bytes / calls)
                .as("bytes per evaluation with metrics and latency on")
                .isZero();
        long total = users.length + warmUp + calls;
        double on = count(registry, "checkout", "on", "split", "none");
        double off = count(registry, "checkout", "off", "split", "none");
        double unmatched = count(registry, "checkout", "off", "default", "none");
        assertThat(on + off + unmatched).isEqualTo(total);
        assertThat(on).isEqualTo((double) onForUsers * total / users.length);
        assertThat(unmatched).as("the US half matches no rule").isEqualTo(total / 2.0);
        assertThat(timer(registry, "checkout").count()).isEqualTo(total);
    }

    private static double count(SimpleMeterRegistry registry, String key, String variant, String reason, String error) {
        return registry.get("flags.evaluations")
                .tag("feature_flag.key", key)
                .tag("feature_flag.result.variant", variant)
                .tag("feature_flag.result.reason", reason)
                .tag("error.type", error)
                .counter()
                .count();
    }

    private static Timer timer(SimpleMeterRegistry registry, String key) {
        return registry.get("flags.evaluation.duration")
                .tag("feature_flag.key", key)
                .timer();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
