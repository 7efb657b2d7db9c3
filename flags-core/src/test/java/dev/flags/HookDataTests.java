package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Hooks hand data from {@code before} to {@code after} of the same evaluation, and only of that one. */
class HookDataTests {

    private static final Definitions FLAGS = Definitions.of(
            FlagDefinition.builder("outer").defaultVariant("on").build(),
            FlagDefinition.builder("inner").defaultVariant("off").build());

    @Test
    void afterAndErrorReceiveWhatTheSameHooksBeforeReturned() {
        List<String> seen = new CopyOnWriteArrayList<>();
        EvaluationHook first = new Recording("first", seen);
        EvaluationHook second = new Recording("second", seen);
        try (FlagManager flags = FlagManager.builder()
                .definitions(FLAGS)
                .hook(first)
                .hook(second)
                .build()) {
            flags.isEnabled("outer", EvaluationContext.EMPTY);
            flags.getString("missing", "x", EvaluationContext.EMPTY);
        }
        assertThat(seen)
                .containsExactly(
                        "after outer: first/outer",
                        "after outer: second/outer",
                        "error missing: first/missing",
                        "error missing: second/missing");
    }

    @Test
    void aHookWhoseBeforeFailedReceivesNoDataAndOthersKeepTheirs() {
        List<String> seen = new CopyOnWriteArrayList<>();
        EvaluationHook failing = new Recording("failing", seen) {
            @Override
            public Object before(HookContext evaluation) {
                throw new IllegalStateException("broken before");
            }
        };
        try (FlagManager flags = FlagManager.builder()
                .definitions(FLAGS)
                .hook(failing)
                .hook(new Recording("working", seen))
                .build()) {
            flags.isEnabled("outer", EvaluationContext.EMPTY);
        }
        assertThat(seen).containsExactly("after outer: null", "after outer: working/outer");
    }

    @Test
    void anEvaluationInsideAHookKeepsItsOwnDataAndLeavesTheOuterOnesAlone() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Recording recording = new Recording("r", seen);
        try (FlagManager flags =
                FlagManager.builder().definitions(FLAGS).hook(recording).build()) {
            flags.addHook(new EvaluationHook() {
                @Override
                public @Nullable Object before(HookContext evaluation) {
                    if (evaluation.flagKey().equals("outer")) {
                        flags.isEnabled("inner", EvaluationContext.EMPTY);
                    }
                    return null;
                }
            });
            flags.isEnabled("outer", EvaluationContext.EMPTY);
        }
        assertThat(seen).containsExactly("after inner: r/inner", "after outer: r/outer");
    }

    @Test
    void concurrentEvaluationsNeverSeeEachOthersData() throws Exception {
        AtomicLong ids = new AtomicLong();
        Map<Long, String> targetingKeys = new ConcurrentHashMap<>();
        List<String> mixedUp = new CopyOnWriteArrayList<>();
        EvaluationHook hook = new EvaluationHook() {
            @Override
            public Object before(HookContext evaluation) {
                long id = ids.incrementAndGet();
                targetingKeys.put(id, String.valueOf(evaluation.context().targetingKey()));
                return id;
            }

            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                String expected = targetingKeys.remove((Long) data);
                if (!String.valueOf(evaluation.context().targetingKey()).equals(expected)) {
                    mixedUp.add(evaluation.context().targetingKey() + " got the data of " + expected);
                }
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (FlagManager flags =
                FlagManager.builder().definitions(FLAGS).hook(hook).build()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        flags.isEnabled("outer", EvaluationContext.of("user-" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(mixedUp).isEmpty();
        assertThat(ids.get()).isEqualTo(40_000);
        assertThat(targetingKeys).as("every before was followed by its after").isEmpty();
    }

    @Test
    void anEvaluationFinishedOnAnotherThreadStillHandsItsBeforeDataToItsAfter() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        FlagManagerCallbacks callbacks =
                new FlagManagerCallbacks(LoggerFactory.getLogger(HookDataTests.class), Duration.ofMinutes(1));
        callbacks.addHook(new Recording("r", seen));
        FlagManagerCallbacks.HookedEvaluation first =
                callbacks.before("outer", FlagType.BOOLEAN, false, EvaluationContext.EMPTY);
        FlagManagerCallbacks.HookedEvaluation second =
                callbacks.before("inner", FlagType.BOOLEAN, false, EvaluationContext.EMPTY);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // The first evaluation completes on another thread, after the second began on this one.
            CompletableFuture.runAsync(
                            () -> first.after(EvaluationDetails.error("outer", false, ErrorCode.GENERAL, "x")), other)
                    .get();
        } finally {
            other.shutdown();
        }
        second.after(EvaluationDetails.error("inner", false, ErrorCode.GENERAL, "x"));
        assertThat(seen).containsExactly("error outer: r/outer", "error inner: r/inner");
    }

    @Test
    void noHookMeansNothingToFinish() {
        FlagManagerCallbacks callbacks =
                new FlagManagerCallbacks(LoggerFactory.getLogger(HookDataTests.class), Duration.ofMinutes(1));
        assertThat(callbacks.hasHooks()).isFalse();
        assertThat(callbacks.before("outer", FlagType.BOOLEAN, false, EvaluationContext.EMPTY))
                .isNull();
    }

    @Test
    void aFailingHookIsLoggedOncePerFlagAndInterval() {
        EvaluationHook failing = new EvaluationHook() {
            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                throw new IllegalStateException("broken hook");
            }

            @Override
            public String toString() {
                return "broken";
            }
        };
        String log;
        try (FlagManager flags =
                FlagManager.builder().definitions(FLAGS).hook(failing).build()) {
            log = CapturedLog.during(() -> {
                for (int i = 0; i < 3; i++) {
                    assertThat(flags.isEnabled("outer", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(flags.isEnabled("inner", EvaluationContext.EMPTY))
                            .isFalse();
                }
            });
        }
        assertThat(CapturedLog.count(
                        log, "ERROR dev.flags.FlagManager - Evaluation hook broken failed for flag 'outer'"))
                .isEqualTo(1);
        assertThat(CapturedLog.count(
                        log, "ERROR dev.flags.FlagManager - Evaluation hook broken failed for flag 'inner'"))
                .isEqualTo(1);
        assertThat(CapturedLog.count(log, "java.lang.IllegalStateException: broken hook"))
                .isEqualTo(2);
    }

    /** Returns "name/key" from before and records what after and error receive. */
    private static class Recording implements EvaluationHook {
        private final String name;
        private final List<String> seen;

        Recording(String name, List<String> seen) {
            this.name = name;
            this.seen = seen;
        }

        @Override
        public Object before(HookContext evaluation) {
            return name + "/" + evaluation.flagKey();
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            seen.add("after " + evaluation.flagKey() + ": " + data);
        }

        @Override
        public void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
            seen.add("error " + evaluation.flagKey() + ": " + data);
        }
    }
}
