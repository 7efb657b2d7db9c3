package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Serve;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTests {

    @TempDir
    Path dir;

    @Test
    void appliesAValidFileChangeAndKeepsTheLastGoodSnapshotOnABadOne() throws Exception {
        Path file = dir.resolve("flags.yml");
        Files.writeString(file, "flags: {checkout: {default-variant: off}}");
        RecordingListener listener = new RecordingListener();
        try (FlagManager flags =
                FlagManager.builder().file(file).listener(listener).build()) {
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();

            write(file, "flags: {checkout: {default-variant: on}}");
            listener.awaitEvents(1);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();
            assertThat(listener.changes).containsExactly(Set.of("checkout"));

            write(file, "flags: {checkout: {default-variant: maybe}}");
            listener.awaitEvents(2);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY))
                    .as("last good snapshot")
                    .isTrue();
            assertThat(listener.failures).hasSize(1);
            assertThat(listener.failures.get(0))
                    .isInstanceOf(DefinitionsException.class)
                    .hasMessageContaining(
                            "flags.yml: flags.checkout.default-variant: unknown variant 'maybe' (expected one of on, off)");

            write(file, "flags: {checkout: {default-variant: off}, search: {default-variant: on}}");
            listener.awaitEvents(4);
            assertThat(listener.recoveries).containsExactly("flags.yml");
            assertThat(listener.changes).containsExactly(Set.of("checkout"), Set.of("checkout", "search"));
            assertThat(flags.isEnabled("search", EvaluationContext.EMPTY)).isTrue();
        }
    }

    @Test
    void picksUpFilesReplacedByRename() throws Exception {
        Path file = dir.resolve("flags.yml");
        Files.writeString(file, "flags: {f: {default-variant: off}}");
        RecordingListener listener = new RecordingListener();
        try (FlagManager flags =
                FlagManager.builder().file(file).listener(listener).build()) {
            Path temp = dir.resolve("flags.yml.tmp");
            Files.writeString(temp, "flags: {f: {default-variant: on}}");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            listener.awaitEvents(1);
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isTrue();
        }
    }

    @Test
    void aDeletedFileKeepsTheLastGoodSnapshot() throws Exception {
        Path file = dir.resolve("flags.yml");
        Files.writeString(file, "flags: {f: {default-variant: on}}");
        RecordingListener listener = new RecordingListener();
        try (FlagManager flags =
                FlagManager.builder().file(file).listener(listener).build()) {
            Files.delete(file);
            listener.awaitEvents(1);
            assertThat(listener.failures.get(0))
                    .isInstanceOf(DefinitionsException.class)
                    .hasMessage("Invalid flag definitions (1 error):\n  flags.yml: file not found: " + file);
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isTrue();
        }
    }

    @Test
    void invalidInitialDefinitionsFailTheBuildWithEveryError() throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(
                file, "flags: {a: {default-variant: x}, b: {type: integer, variants: {v: nope}, default-variant: v}}");
        assertThatThrownBy(() -> FlagManager.builder().file(file).build())
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("""
                        Invalid flag definitions (2 errors):
                          broken.yml: flags.a.default-variant: unknown variant 'x' (expected one of on, off)
                          broken.yml: flags.b.variants.v: expected an integer from -2147483648 to 2147483647 but got string 'nope'""");
    }

    @Test
    void validatesSourcesTogetherAndNamesTheSourceOfEachError() {
        InMemoryFlagSource base = FlagSources.inMemory(
                "base.yml",
                Definitions.of(
                        FlagDefinition.builder("payments").defaultVariant("on").build()));
        InMemoryFlagSource app = FlagSources.inMemory(
                "app.yml",
                Definitions.of(FlagDefinition.builder("checkout")
                        .defaultVariant("on")
                        .prerequisite(Prerequisite.of("payments", "on"))
                        .build()));
        RecordingListener listener = new RecordingListener();
        try (FlagManager flags = FlagManager.builder()
                .source(base)
                .source(app)
                .listener(listener)
                .build()) {
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();

            base.update(Definitions.EMPTY);
            assertThat(listener.failures.get(0))
                    .hasMessageContaining("app.yml: flags.checkout.prerequisites[0].flag: unknown flag 'payments'");
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();

            base.update(Definitions.of(
                    FlagDefinition.builder("checkout").defaultVariant("off").build(),
                    FlagDefinition.builder("payments").defaultVariant("on").build()));
            assertThat(listener.failures.get(1))
                    .hasMessageContaining("app.yml: flags.checkout: duplicate flag key 'checkout'");
        }
    }

    @Test
    void reportsFlagsAffectedThroughSegmentsAndPrerequisites() {
        FlagDefinition payments =
                FlagDefinition.builder("payments").defaultVariant("on").build();
        FlagDefinition checkout = FlagDefinition.builder("checkout")
                .defaultVariant("on")
                .prerequisite(Prerequisite.of("payments", "on"))
                .build();
        FlagDefinition vip = FlagDefinition.builder("vip")
                .defaultVariant("off")
                .rule(dev.flags.definition.Rule.of(
                        "r", Serve.variant("on"), dev.flags.definition.Condition.inSegment("vips")))
                .build();
        FlagDefinition unrelated =
                FlagDefinition.builder("unrelated").defaultVariant("on").build();
        Definitions before = Definitions.of(payments, checkout, vip, unrelated)
                .withSegment(dev.flags.definition.SegmentDefinition.ofKeys("vips", "a"));
        InMemoryFlagSource source = FlagSources.inMemory("mem", before);
        RecordingListener listener = new RecordingListener();
        try (InspectableFlagManager flags =
                FlagManager.builder().source(source).listener(listener).build()) {
            source.update(Definitions.of(payments.withStatus(FlagStatus.PAUSED), checkout, vip, unrelated)
                    .withSegment(dev.flags.definition.SegmentDefinition.ofKeys("vips", "a", "b")));
            assertThat(listener.changes).containsExactly(Set.of("payments", "checkout", "vip"));
            assertThat(flags.definitions().flag("payments").status()).isEqualTo(FlagStatus.PAUSED);
        }
    }

    @Test
    void reportsEverySuccessfulLoadEvenWithoutChanges() {
        Definitions definitions =
                Definitions.of(FlagDefinition.builder("f").defaultVariant("off").build());
        InMemoryFlagSource source = FlagSources.inMemory("mem", definitions);
        List<String> loads = new CopyOnWriteArrayList<>();
        RecordingListener changes = new RecordingListener();
        try (FlagManager flags = FlagManager.builder()
                .source(source)
                .listener(new FlagChangeListener() {
                    @Override
                    public void flagsChanged(Set<String> changedKeys) {
                        loads.add("changed " + changedKeys);
                    }

                    @Override
                    public void loadSucceeded(String name) {
                        loads.add("loaded " + name);
                    }
                })
                .listener(changes)
                .build()) {
            source.update(definitions);
            source.update(Definitions.of(
                    FlagDefinition.builder("f").defaultVariant("on").build()));
            assertThat(loads).containsExactly("loaded mem", "loaded mem", "changed [f]");
            assertThat(changes.changes).containsExactly(Set.of("f"));
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isTrue();
        }
    }

    @Test
    void aFailingListenerDoesNotStopOthersOrTheReload() {
        InMemoryFlagSource source = FlagSources.inMemory(
                "mem",
                Definitions.of(FlagDefinition.builder("f").defaultVariant("off").build()));
        RecordingListener second = new RecordingListener();
        try (FlagManager flags = FlagManager.builder()
                .source(source)
                .listener(keys -> {
                    throw new IllegalStateException("listener bug");
                })
                .listener(second)
                .build()) {
            source.update(Definitions.of(
                    FlagDefinition.builder("f").defaultVariant("on").build()));
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isTrue();
            assertThat(second.changes).containsExactly(Set.of("f"));
        }
    }

    @Test
    void readersRacingReloadsNeverSeeHalfAnUpdate() throws Exception {
        // Two flags always change together: in version n both serve n. A reader that ever sees them
        // disagree (within one bulk evaluation, which reads one snapshot) saw half an update.
        InMemoryFlagSource source = FlagSources.inMemory("mem", version(0));
        try (FlagManager flags = FlagManager.builder().source(source).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> torn = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(3);
            int[] lastSeen = new int[3];
            for (int r = 0; r < 3; r++) {
                int reader = r;
                Thread thread = new Thread(() -> {
                    started.countDown();
                    EvaluationContext context = EvaluationContext.of("reader-" + reader);
                    while (!stop.get()) {
                        var all = flags.evaluateAll(context);
                        Object a = all.get("a").value();
                        Object b = all.get("b").value();
                        if (!a.equals(b)) {
                            torn.compareAndSet(null, a + " != " + b);
                        }
                        int seen = (Integer) a;
                        if (seen < lastSeen[reader]) {
                            torn.compareAndSet(null, "went back from " + lastSeen[reader] + " to " + seen);
                        }
                        lastSeen[reader] = seen;
                    }
                });
                thread.start();
                readers.add(thread);
            }
            started.await(5, TimeUnit.SECONDS);
            for (int n = 1; n <= 300; n++) {
                source.update(version(n));
            }
            stop.set(true);
            for (Thread thread : readers) {
                thread.join(5_000);
            }
            assertThat(torn.get()).isNull();
            assertThat(flags.getInteger("a", -1, EvaluationContext.EMPTY)).isEqualTo(300);
        }
    }

    private static Definitions version(int n) {
        return Definitions.of(
                FlagDefinition.builder("a")
                        .type(FlagType.INTEGER)
                        .variant("v", n)
                        .defaultVariant("v")
                        .build(),
                FlagDefinition.builder("b")
                        .type(FlagType.INTEGER)
                        .variant("v", n)
                        .defaultVariant("v")
                        .build());
    }

    private static void write(Path file, String content) throws Exception {
        Files.writeString(file, content);
    }

    private static final class RecordingListener implements FlagChangeListener {
        final List<Set<String>> changes = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final List<String> recoveries = new CopyOnWriteArrayList<>();

        @Override
        public void flagsChanged(Set<String> changedKeys) {
            changes.add(changedKeys);
        }

        @Override
        public void loadFailed(String source, RuntimeException error) {
            failures.add(error);
        }

        @Override
        public void loadRecovered(String source) {
            recoveries.add(source);
        }

        void awaitEvents(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (changes.size() + failures.size() + recoveries.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(changes.size() + failures.size() + recoveries.size())
                    .as("events")
                    .isGreaterThanOrEqualTo(count);
        }
    }
}
