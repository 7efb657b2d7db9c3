package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MemoHooksTests {

    private static final EvaluationContext ALICE = EvaluationContext.of("alice");

    @Test
    void aMemoKeepsItsAnswersWhenDefinitionsChange() {
        InMemoryFlagSource source = FlagSources.inMemory(
                "mem",
                Definitions.of(FlagDefinition.builder("f").defaultVariant("off").build()));
        try (FlagManager flags = FlagManager.builder().source(source).build()) {
            FlagMemo memo = flags.memo(ALICE);
            assertThat(memo.isEnabled("f")).isFalse();
            source.update(Definitions.of(
                    FlagDefinition.builder("f").defaultVariant("on").build()));
            assertThat(flags.isEnabled("f", ALICE)).isTrue();
            assertThat(memo.isEnabled("f"))
                    .as("same answer for the memo's life")
                    .isFalse();
            assertThat(memo.getVariant("f")).isEqualTo("off");
            assertThat(flags.memo(ALICE).isEnabled("f"))
                    .as("a new memo sees the change")
                    .isTrue();
        }
    }

    @Test
    void aMemoEvaluatesEachFlagOnceAndStillHonoursEachCallersDefault() {
        CountingHook hook = new CountingHook();
        FlagDefinition paused = FlagDefinition.builder("paused")
                .type(FlagType.STRING)
                .variant("a", "A")
                .defaultVariant("a")
                .status(dev.flags.definition.FlagStatus.PAUSED)
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("f").defaultVariant("on").build(), paused))
                .hook(hook)
                .build()) {
            FlagMemo memo = flags.memo(ALICE);
            for (int i = 0; i < 5; i++) {
                assertThat(memo.isEnabled("f")).isTrue();
            }
            assertThat(memo.getString("paused", "first")).isEqualTo("first");
            assertThat(memo.getString("paused", "second")).isEqualTo("second");
            assertThat(hook.afters).containsExactly("f", "paused");
            EvaluationDetails<String> mismatch = memo.getStringDetails("f", "x");
            assertThat(mismatch.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        }
    }

    @Test
    void contextFreeCallsUseTheScopesMemo() {
        InMemoryFlagSource source = FlagSources.inMemory(
                "mem",
                Definitions.of(FlagDefinition.builder("f")
                        .defaultVariant("off")
                        .target("on", "alice")
                        .build()));
        FlagMemo[] current = new FlagMemo[1];
        try (FlagManager flags =
                FlagManager.builder().source(source).memoScope(() -> current[0]).build()) {
            assertThat(flags.isEnabled("f")).as("no memo: empty context").isFalse();
            current[0] = flags.memo(ALICE);
            assertThat(flags.isEnabled("f")).isTrue();
            assertThat(flags.getVariant("f")).isEqualTo("on");
            assertThat(flags.getBooleanDetails("f", false).reason()).isEqualTo(Reason.TARGETING_MATCH);
        }
    }

    @Test
    void aBrokenScopeFallsBackToTheEmptyContext() {
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("f").defaultVariant("on").build()))
                .memoScope(() -> {
                    throw new IllegalStateException("no request");
                })
                .build()) {
            assertThat(flags.isEnabled("f")).isTrue();
        }
    }

    @Test
    void hooksSeeBeforeAfterAndErrors() {
        CountingHook hook = new CountingHook();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("f").defaultVariant("on").build()))
                .hook(hook)
                .build()) {
            flags.isEnabled("f", ALICE);
            flags.getString("missing", "x", ALICE);
            assertThat(hook.befores).containsExactly("f", "missing");
            assertThat(hook.afters).containsExactly("f");
            assertThat(hook.errors).containsExactly("missing:FLAG_NOT_FOUND");
            assertThat(hook.types).containsExactly(FlagType.BOOLEAN, FlagType.STRING);
        }
    }

    @Test
    void aFailingHookNeverBreaksEvaluation() {
        EvaluationHook broken = new EvaluationHook() {
            @Override
            public Object before(HookContext evaluation) {
                throw new IllegalStateException("before");
            }

            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                throw new IllegalStateException("after");
            }
        };
        CountingHook counting = new CountingHook();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("f").defaultVariant("on").build()))
                .hook(broken)
                .hook(counting)
                .build()) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("f", false, ALICE);
            assertThat(details.value()).isTrue();
            assertThat(details.reason()).isEqualTo(Reason.STATIC);
            assertThat(counting.afters).containsExactly("f");
        }
    }

    @Test
    void hooksCanBeAddedAndRemovedAtRunTime() {
        CountingHook hook = new CountingHook();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(
                        FlagDefinition.builder("f").defaultVariant("on").build()))
                .build()) {
            flags.addHook(hook);
            flags.isEnabled("f", ALICE);
            flags.removeHook(hook);
            flags.isEnabled("f", ALICE);
            assertThat(hook.afters).containsExactly("f");
        }
    }

    private static final class CountingHook implements EvaluationHook {
        final List<String> befores = new CopyOnWriteArrayList<>();
        final List<String> afters = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<FlagType> types = new CopyOnWriteArrayList<>();

        @Override
        public @Nullable Object before(HookContext evaluation) {
            befores.add(evaluation.flagKey());
            types.add(evaluation.type());
            return null;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            afters.add(evaluation.flagKey());
        }

        @Override
        public void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            errors.add(evaluation.flagKey() + ":" + details.errorCode());
        }
    }
}
