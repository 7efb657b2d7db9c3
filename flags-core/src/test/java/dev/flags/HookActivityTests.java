package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A hook runs only around evaluations for which it says it is active. */
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
    void aHookWhoseActivityCheckThrowsRunsAsActive() {
        List<String> seen = new CopyOnWriteArrayList<>();
        EvaluationHook broken = new Switchable("broken", new AtomicBoolean(false), seen) {
            @Override
            public boolean isActive() {
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
    void hooksThatAreAllInactiveLeaveTheManagerWithoutHooksForThatEvaluation() {
        FlagManagerCallbacks callbacks = new FlagManagerCallbacks(
                org.slf4j.LoggerFactory.getLogger(HookActivityTests.class), java.time.Duration.ofMinutes(1));
        AtomicBoolean active = new AtomicBoolean();
        callbacks.addHook(new Switchable("s", active, new CopyOnWriteArrayList<>()));
        assertThat(callbacks.hasHooks()).isFalse();
        assertThat(callbacks.before("banner", null, null, EvaluationContext.EMPTY))
                .isNull();
        active.set(true);
        assertThat(callbacks.hasHooks()).isTrue();
        assertThat(callbacks.before("banner", null, null, EvaluationContext.EMPTY))
                .isNotNull();
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
        public boolean isActive() {
            return active.get();
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
