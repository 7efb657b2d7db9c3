package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A hook runs only around the evaluations it says it wants, and sees as much of them as it asked for. */
class HookActivityTests {

    private static final Definitions FLAGS =
            Definitions.of(FlagDefinition.builder("banner").defaultVariant("on").build());

    @Test
    void anInactiveHookSeesNoEvaluationAndAnActiveOneSeesEach() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean active = new AtomicBoolean();
        try (FlagManager flags = FlagManager.builder()
                .definitions(FLAGS)
                .hook(new Switchable("switchable", active, seen))
                .build()) {
            assertThat(flags.isEnabled("banner", EvaluationContext.EMPTY)).isTrue();
            flags.getString("missing", "x", EvaluationContext.EMPTY);
            active.set(true);
            assertThat(flags.isEnabled("banner", EvaluationContext.EMPTY)).isTrue();
            flags.getString("missing", "x", EvaluationContext.EMPTY);
        }
        assertThat(seen)
                .containsExactly(
                        "switchable before banner",
                        "switchable after banner",
                        "switchable before missing",
                        "switchable error missing");
    }

    @Test
    void onlyTheActiveHooksOfAnEvaluationRunAndEachGetsItsOwnData() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (FlagManager flags = FlagManager.builder()
                .definitions(FLAGS)
                .hook(new Switchable("off", new AtomicBoolean(false), seen))
                .hook(new Switchable("on", new AtomicBoolean(true), seen))
                .build()) {
            flags.getBooleanDetails("banner", false, EvaluationContext.EMPTY);
        }
        assertThat(seen).containsExactly("on before banner", "on after banner");
    }

    @Test
    void aHookWhoseInterestThrowsRunsWithTheInputs() {
        List<String> seen = new CopyOnWriteArrayList<>();
        EvaluationHook broken = new Switchable("broken", new AtomicBoolean(false), seen) {
            @Override
            public Interest interest(String flagKey) {
                throw new IllegalStateException("broken check");
            }
        };
        try (FlagManager flags =
                FlagManager.builder().definitions(FLAGS).hook(broken).build()) {
            assertThat(flags.isEnabled("banner", EvaluationContext.EMPTY)).isTrue();
        }
        assertThat(seen).containsExactly("broken before banner", "broken after banner");
    }

    @Test
    void hooksThatWantNothingLeaveTheEvaluationWithoutHooks() {
        FlagManagerCallbacks callbacks = new FlagManagerCallbacks(
                org.slf4j.LoggerFactory.getLogger(HookActivityTests.class), java.time.Duration.ofMinutes(1));
        assertThat(callbacks.hasHooks()).isFalse();
        AtomicBoolean active = new AtomicBoolean();
        callbacks.addHook(new Switchable("s", active, new CopyOnWriteArrayList<>()));
        assertThat(callbacks.hasHooks()).isTrue();
        assertThat(callbacks.before("banner", null, null, EvaluationContext.EMPTY))
                .isNull();
        active.set(true);
        FlagManagerCallbacks.HookedEvaluation hooked = callbacks.before("banner", null, null, EvaluationContext.EMPTY);
        assertThat(hooked).isNotNull();
        hooked.after(EvaluationDetails.error("banner", null, ErrorCode.GENERAL, "test"));
    }

    @Test
    void aHookThatTracksSomeFlagsSeesOnlyThoseAndIsAskedOncePerEvaluation() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> asked = new CopyOnWriteArrayList<>();
        EvaluationHook bannerOnly = new EvaluationHook() {
            @Override
            public Interest interest(String flagKey) {
                asked.add(flagKey);
                return flagKey.equals("banner") ? Interest.INPUTS : Interest.NONE;
            }

            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                seen.add(evaluation.flagKey() + " for " + evaluation.context().targetingKey() + " default "
                        + evaluation.defaultValue());
            }
        };
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("banner").defaultVariant("on").build(),
                        FlagDefinition.builder("footer").defaultVariant("on").build()))
                .hook(bannerOnly)
                .build()) {
            flags.isEnabled("banner", EvaluationContext.of("ada"));
            flags.isEnabled("footer", EvaluationContext.of("ada"));
            flags.getString("missing", "x", EvaluationContext.of("ada"));
            flags.getBooleanDetails("banner", true, EvaluationContext.of("bob"));
        }
        assertThat(asked).containsExactly("banner", "footer", "missing", "banner");
        assertThat(seen).containsExactly("banner for ada default false", "banner for bob default true");
    }

    @Test
    void hooksThatWantOnlyTheOutcomeShareTheKeptContextUnlessOneWantsTheInputs() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean inputs = new AtomicBoolean();
        EvaluationHook outcome = recorder("outcome", () -> EvaluationHook.Interest.OUTCOME, seen);
        EvaluationHook sometimes = recorder(
                "sometimes", () -> inputs.get() ? EvaluationHook.Interest.INPUTS : EvaluationHook.Interest.NONE, seen);
        try (FlagManager flags = FlagManager.builder()
                .definitions(FLAGS)
                .hook(outcome)
                .hook(sometimes)
                .build()) {
            flags.getBooleanDetails("banner", true, EvaluationContext.of("ada"));
            inputs.set(true);
            flags.getBooleanDetails("banner", true, EvaluationContext.of("ada"));
        }
        assertThat(seen)
                .containsExactly(
                        "outcome banner boolean for null default null",
                        "outcome banner boolean for ada default true",
                        "sometimes banner boolean for ada default true");
    }

    private static EvaluationHook recorder(
            String name, java.util.function.Supplier<EvaluationHook.Interest> interest, List<String> seen) {
        return new EvaluationHook() {
            @Override
            public Interest interest(String flagKey) {
                return interest.get();
            }

            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                seen.add(name + " " + evaluation.flagKey() + " "
                        + evaluation.type().id() + " for "
                        + evaluation.context().targetingKey() + " default " + evaluation.defaultValue());
            }
        };
    }

    private static class Switchable implements EvaluationHook {

        private final String name;
        private final AtomicBoolean active;
        private final List<String> seen;

        Switchable(String name, AtomicBoolean active, List<String> seen) {
            this.name = name;
            this.active = active;
            this.seen = seen;
        }

        @Override
        public Interest interest(String flagKey) {
            return active.get() ? Interest.INPUTS : Interest.NONE;
        }

        @Override
        public @Nullable Object before(HookContext evaluation) {
            seen.add(name + " before " + evaluation.flagKey());
            return null;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            seen.add(name + " after " + details.flagKey());
        }

        @Override
        public void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            seen.add(name + " error " + details.flagKey());
        }
    }
}
