package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.spi.ExposureEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExposureTests {

    private final MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);
    private final RecordingSink sink = new RecordingSink();

    private InspectableFlagManager flags(FlagDefinition... definitions) {
        return FlagManager.builder()
                .definitions(Definitions.of(definitions))
                .clock(clock)
                .build();
    }

    private Experiments experiments(InspectableFlagManager flags) {
        return Experiments.builder(flags)
                .clock(clock)
                .sink(sink)
                .deduplicationWindow(Duration.ofHours(1))
                .build();
    }

    @Test
    void recordsAnExposureWhenAGetterServesAnAssignedVariant() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            EvaluationDetails<String> details = flags.getStringDetails("pricing", "x", EvaluationContext.of("u1"));
            experiments.close();
            assertThat(details.reason()).isEqualTo(Reason.SPLIT);
            assertThat(sink.exposures())
                    .containsExactly(new ExposureEvent(
                            "pricing",
                            details.variant(),
                            "u1",
                            Instant.parse(ExperimentFixtures.INSIDE),
                            Reason.SPLIT,
                            null));
            assertThat(sink.closed).isTrue();
        }
    }

    @Test
    void flagsInNoExperimentCostTheExposureHookNothing() {
        long[] outcomes = new long[1];
        dev.flags.EvaluationHook metricsLike = new dev.flags.EvaluationHook() {
            @Override
            public Interest interest(String flagKey) {
                return Interest.OUTCOME;
            }

            @Override
            public void after(
                    dev.flags.HookContext evaluation,
                    EvaluationDetails<?> details,
                    @org.jspecify.annotations.Nullable Object data) {
                outcomes[0]++;
            }
        };
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        ExperimentFixtures.pricing(),
                        FlagDefinition.builder("banner").defaultVariant("on").build()))
                .clock(clock)
                .hook(metricsLike)
                .build()) {
            Experiments experiments = experiments(flags);
            EvaluationContext user = EvaluationContext.of("u1");
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            for (int i = 0; i < 50_000; i++) { // warm the paths and the allocation counter
                flags.isEnabled("banner", user);
            }
            long before = threads.getThreadAllocatedBytes(thread);
            int calls = 200_000;
            for (int i = 0; i < calls; i++) {
                flags.isEnabled("banner", user);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            flags.getString("pricing", "x", user);
            experiments.close();
            assertThat(allocated)
                    .as("bytes for %d evaluations of a flag in no experiment", calls)
                    .isLessThan(calls);
            assertThat(outcomes[0]).isEqualTo(50_000L + calls + 1);
            assertThat(sink.exposures())
                    .extracting(ExposureEvent::flagKey, ExposureEvent::targetingKey)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("pricing", "u1"));
        }
    }

    @Test
    void deduplicatesPerTargetingKeyFlagAndVariantWithinTheWindow() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            for (int i = 0; i < 5; i++) {
                flags.getString("pricing", "x", EvaluationContext.of("u1"));
                flags.getVariant("pricing", EvaluationContext.of("u2"));
            }
            clock.advance(Duration.ofMinutes(59));
            flags.getString("pricing", "x", EvaluationContext.of("u1"));
            clock.advance(Duration.ofMinutes(1));
            flags.getString("pricing", "x", EvaluationContext.of("u1"));
            experiments.close();
            assertThat(sink.exposures())
                    .extracting(ExposureEvent::targetingKey, ExposureEvent::time)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("u1", Instant.parse(ExperimentFixtures.INSIDE)),
                            org.assertj.core.groups.Tuple.tuple("u2", Instant.parse(ExperimentFixtures.INSIDE)),
                            org.assertj.core.groups.Tuple.tuple("u1", Instant.parse("2026-12-10T13:00:00Z")));
        }
    }

    @Test
    void aMemoRecordsOncePerUnitOfWork() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = Experiments.builder(flags)
                    .clock(clock)
                    .sink(sink)
                    .deduplicationWindow(Duration.ZERO)
                    .build();
            FlagMemo memo = flags.memo(EvaluationContext.of("u1"));
            memo.getString("pricing", "x");
            memo.getString("pricing", "x");
            flags.getString("pricing", "x", EvaluationContext.of("u1"));
            experiments.close();
            assertThat(sink.exposures())
                    .as("one for the memo, one for the direct call: deduplication is off")
                    .hasSize(2);
        }
    }

    @Test
    void peekAndWithoutExposuresRecordNothingUntilTheAssignmentIsUsed() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            EvaluationContext u1 = EvaluationContext.of("u1");
            EvaluationDetails<Object> peeked = experiments.peek("pricing", u1);
            String variant = experiments.withoutExposures(() -> flags.getVariant("pricing", u1));
            assertThat(variant).isEqualTo(peeked.variant());
            assertThat(experiments.results("pricing").trackedUsers()).isZero();

            assertThat(experiments.recordExposure(peeked, u1)).isTrue();
            assertThat(experiments.recordExposure(peeked, u1))
                    .as("a duplicate within the window")
                    .isFalse();
            experiments.close();
            assertThat(sink.exposures()).extracting(ExposureEvent::variant).containsExactly(peeked.variant());
            assertThat(experiments.results("pricing").trackedUsers()).isEqualTo(1);
        }
    }

    @Test
    void recordsNothingForTargetsOtherRulesMissingKeysAndErrors() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            assertThat(flags.evaluate("pricing", EvaluationContext.of("qa-1")).reason())
                    .isEqualTo(Reason.TARGETING_MATCH);
            assertThat(flags.evaluate(
                                    "pricing",
                                    EvaluationContext.builder()
                                            .targetingKey("u9")
                                            .attribute("staff", true)
                                            .build())
                            .ruleId())
                    .isEqualTo("staff");
            assertThat(flags.evaluate("pricing", EvaluationContext.EMPTY).variant())
                    .as("no targeting key: no bucket, the default variant")
                    .isEqualTo("standard");
            assertThat(flags.getIntegerDetails("pricing", 1, EvaluationContext.of("u1"))
                            .isError())
                    .isTrue();
            experiments.close();
            assertThat(sink.events).isEmpty();
            assertThat(experiments.results("pricing").trackedUsers()).isZero();
        }
    }

    @Test
    void recordsNothingOutsideTheWindow() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            clock.set("2026-11-30T23:59:59Z");
            assertThat(flags.getString("pricing", "x", EvaluationContext.of("u1")))
                    .isEqualTo("S");
            assertThat(experiments.track("purchase", EvaluationContext.of("u1")))
                    .isZero();
            clock.set("2027-01-01T00:00:00Z");
            assertThat(flags.getString("pricing", "x", EvaluationContext.of("u2")))
                    .isEqualTo("S");
            assertThat(experiments.track("purchase", EvaluationContext.of("u2")))
                    .isZero();
            ExperimentResults results = experiments.results("pricing");
            experiments.close();
            // No exposure, no credit; the conversion a second before the start is passed on
            // uncredited as pre-exposure history for CUPED (within the 14-day look-back).
            assertThat(sink.events)
                    .singleElement()
                    .isInstanceOfSatisfying(dev.flags.spi.ConversionEvent.class, event -> {
                        assertThat(event.context().targetingKey()).isEqualTo("u1");
                        assertThat(event.credits()).isEmpty();
                    });
            assertThat(results.status()).isEqualTo(ExperimentResults.Status.ENDED);
            assertThat(results.trackedUsers()).isZero();
        }
    }

    @Test
    void passesOnNoConversionBeforeTheStartWithoutLookBack() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = Experiments.builder(flags)
                    .clock(clock)
                    .sink(sink)
                    .analysis(ExperimentAnalysis.DEFAULT.withCupedLookBack(Duration.ZERO))
                    .build();
            clock.set("2026-11-30T23:59:59Z");
            experiments.track("purchase", EvaluationContext.of("u1"));
            clock.set("2026-11-16T23:59:59Z");
            experiments.close();
            assertThat(sink.events).isEmpty();
        }
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            clock.set("2026-11-16T23:59:59Z");
            experiments.track("purchase", EvaluationContext.of("u1"));
            experiments.close();
            assertThat(sink.events).as("before the look-back of the start").isEmpty();
        }
    }

    @Test
    void closingRemovesTheHook() {
        try (InspectableFlagManager flags = flags(ExperimentFixtures.pricing())) {
            Experiments experiments = experiments(flags);
            experiments.close();
            flags.getString("pricing", "x", EvaluationContext.of("u1"));
            assertThat(experiments.results("pricing").trackedUsers()).isZero();
            assertThatThrownBy(() -> experiments.results("other"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("flag 'other' is not an experiment");
        }
    }

    @Test
    void deduplicationMemoryIsBoundedWhateverTheNumberOfUsers() {
        int users = 100_000;
        ExposureDeduplicator deduplicator = new ExposureDeduplicator(1000, 60_000);
        assertThat(deduplicator.capacity()).isEqualTo(1024);
        int firstPass = 0;
        for (int i = 0; i < users; i++) {
            if (deduplicator.firstSeen("pricing", "discount", "user-" + i, 1_000)) {
                firstPass++;
            }
        }
        assertThat(firstPass)
                .as("100,000 distinct exposures: no false positive")
                .isEqualTo(users);
        int remembered = 0;
        for (int i = 0; i < users; i++) {
            if (deduplicator.remembers("pricing", "discount", "user-" + i, 2_000)) {
                remembered++;
            }
        }
        assertThat(remembered)
                .as("one exposure per occupied slot, no more than the capacity")
                .isEqualTo(deduplicator.occupied())
                .isLessThanOrEqualTo(1024)
                .isGreaterThan(1000);
        assertThat(deduplicator.firstSeen("pricing", "discount", "user-99999", 2_000))
                .as("the latest exposure is remembered")
                .isFalse();
        assertThat(deduplicator.firstSeen("pricing", "standard", "user-99999", 2_000))
                .as("another variant is another exposure")
                .isTrue();
        assertThat(deduplicator.firstSeen("pricing", "standard", "user-99999", 62_000))
                .as("remembered no longer than the window")
                .isTrue();
    }
}
