package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.definition.DefinitionsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagdSourceTests {

    @TempDir
    Path dir;

    private static String flags(String defaultVariant) {
        return "{\"flags\": {\"checkout\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false},"
                + " \"defaultVariant\": \"" + defaultVariant + "\"}}}";
    }

    @Test
    void aFlagdFileIsReloadedOnChangeAndABadChangeKeepsTheLastGoodFlags() throws Exception {
        Path file = dir.resolve("flags.flagd.json");
        Files.writeString(file, flags("off"));
        Recording listener = new Recording();
        try (FlagManager flags = FlagManager.builder()
                .source(Flagd.file(file))
                .listener(listener)
                .build()) {
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();

            write(file, flags("on"));
            listener.await(1);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();
            assertThat(listener.changes).containsExactly(Set.of("checkout"));

            write(file, flags("maybe"));
            listener.await(2);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY))
                    .as("last good flags")
                    .isTrue();
            assertThat(listener.failures.get(0))
                    .isInstanceOf(DefinitionsException.class)
                    .hasMessageContaining(
                            "flags.flagd.json: flags.checkout.defaultVariant: unknown variant 'maybe' (expected one of on, off)");
        }
    }

    @Test
    void readsAFlagdFileFromTheClasspath() {
        try (FlagManager flags = FlagManager.builder()
                .source(Flagd.classpath("flagd/shop.flagd.json"))
                .build()) {
            assertThat(flags.getString(
                            "banner",
                            "none",
                            EvaluationContext.builder()
                                    .attribute("email", "ann@shop.example")
                                    .build()))
                    .isEqualTo("staff");
            assertThat(flags.getString("banner", "none", EvaluationContext.EMPTY))
                    .isEqualTo("public");
        }
    }

    @Test
    void aMissingClasspathResourceIsReportedByName() {
        assertThatThrownBy(() -> FlagManager.builder()
                        .source(Flagd.classpath("flagd/none.flagd.json"))
                        .build())
                .isInstanceOf(DefinitionsException.class)
                .hasMessageContaining("flagd/none.flagd.json: classpath resource not found");
    }

    private static void write(Path file, String text) throws Exception {
        Path temp = Files.createTempFile(file.getParent(), "flags", ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class Recording implements FlagChangeListener {
        final List<Set<String>> changes = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

        @Override
        public void flagsChanged(Set<String> changedKeys) {
            changes.add(changedKeys);
        }

        @Override
        public void loadFailed(String source, RuntimeException error) {
            failures.add(error);
        }

        void await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (changes.size() + failures.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(changes.size() + failures.size()).as("events").isGreaterThanOrEqualTo(count);
        }
    }
}
