package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched source that goes bad in any way keeps the last good flags, is reported, and recovers. */
class WatcherRecoveryTests {

    @TempDir
    Path dir;

    @Test
    void aWatchedFileThatIsEmptiedTooDeepOrNotUtf8KeepsTheLastGoodFlagsAndLaterChangesApply() throws Exception {
        Path file = dir.resolve("flags.yml");
        Files.writeString(file, "flags: {checkout: {default-variant: on}}");
        Listener listener = new Listener();
        try (FlagManager flags =
                FlagManager.builder().file(file).listener(listener).build()) {
            Files.writeString(file, "");
            listener.await(() -> listener.failures.size() == 1);
            Files.writeString(
                    file,
                    "flags: {checkout: {type: object, variants: {v: " + "[".repeat(5000) + "]".repeat(5000)
                            + "}, default-variant: v}}");
            listener.await(() -> listener.failures.size() == 2);
            Files.write(file, "flags: {caf\u00e9: {default-variant: on}}".getBytes(StandardCharsets.ISO_8859_1));
            listener.await(() -> listener.failures.size() == 3);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY))
                    .as("last good definitions")
                    .isTrue();
            assertThat(listener.failures)
                    .allSatisfy(e -> assertThat(e).isInstanceOf(DefinitionsException.class))
                    .extracting(e -> ((DefinitionsException) e).errors().get(0).toString())
                    .containsExactly(
                            "flags.yml: empty document (for no flags, write 'flags: {}'; the definitions were not"
                                    + " changed)",
                            "flags.yml: nested deeper than 64 levels",
                            "flags.yml: not valid UTF-8: byte 0xE9 at byte offset 11 (save the file as UTF-8)");

            Files.writeString(file, "flags: {checkout: {default-variant: off}}");
            listener.await(() -> listener.recoveries.size() == 1);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();

            Files.writeString(file, "flags: {}");
            listener.await(() -> flags.evaluateAll(EvaluationContext.EMPTY).isEmpty());
            assertThat(flags.evaluateAll(EvaluationContext.EMPTY))
                    .as("an explicit empty document means no flags")
                    .isEmpty();
            assertThat(listener.failures).hasSize(3);
        }
    }

    @Test
    void aSourceThatThrowsAnErrorIsReportedAndLaterLoadsApply() {
        AtomicReference<Runnable> onChange = new AtomicReference<>();
        AtomicInteger loads = new AtomicInteger();
        FlagSource source = new FlagSource() {
            @Override
            public String name() {
                return "custom";
            }

            @Override
            public Definitions load() {
                if (loads.incrementAndGet() == 2) {
                    throw new StackOverflowError();
                }
                return Definitions.of(FlagDefinition.builder("f")
                        .defaultVariant(loads.get() == 1 ? "off" : "on")
                        .build());
            }

            @Override
            public AutoCloseable watch(Runnable listener) {
                onChange.set(listener);
                return () -> {};
            }
        };
        Listener listener = new Listener();
        try (FlagManager flags =
                FlagManager.builder().source(source).listener(listener).build()) {
            onChange.get().run();
            assertThat(listener.failures).hasSize(1);
            assertThat(listener.failures.get(0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Loading flag definitions from custom failed with java.lang.StackOverflowError")
                    .cause()
                    .isInstanceOf(StackOverflowError.class);
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isFalse();
            onChange.get().run();
            assertThat(listener.recoveries).containsExactly("custom");
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isTrue();
        }
    }

    @Test
    void theWatcherThreadSurvivesAnyThrowableAndKeepsWatching() throws Exception {
        Path file = dir.resolve("watched.yml");
        Files.writeString(file, "flags: {}");
        AtomicInteger calls = new AtomicInteger();
        AutoCloseable watch = FlagSources.file(file).watch(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("thrown by the first reload");
            }
        });
        try {
            Files.writeString(file, "flags: {a: {default-variant: on}}");
            await(() -> calls.get() >= 1);
            Thread.sleep(200); // past the debounce, so the next write is a new change
            Files.writeString(file, "flags: {b: {default-variant: on}}");
            await(() -> calls.get() >= 2);
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        } finally {
            watch.close();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }

    private static final class Listener implements FlagChangeListener {
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final List<String> recoveries = new CopyOnWriteArrayList<>();

        @Override
        public void flagsChanged(java.util.Set<String> changedKeys) {}

        @Override
        public void loadFailed(String source, RuntimeException error) {
            failures.add(error);
        }

        @Override
        public void loadRecovered(String source) {
            recoveries.add(source);
        }

        void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
            WatcherRecoveryTests.await(condition);
        }
    }
}
