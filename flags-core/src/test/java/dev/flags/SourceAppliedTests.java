package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Prerequisite;
import dev.flags.source.FlagSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine tells a source which of its loads it applied, with the very object the load returned. */
class SourceAppliedTests {

    /** Serves what the test sets, and records what the engine says it applied. */
    static final class RecordingSource implements FlagSource {
        volatile Definitions next =
                Definitions.of(FlagDefinition.builder("a").defaultVariant("on").build());
        final List<Definitions> loaded = new CopyOnWriteArrayList<>();
        final List<Definitions> applied = new CopyOnWriteArrayList<>();
        volatile Runnable onChange = () -> {};

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Definitions load() {
            Definitions definitions = next;
            loaded.add(definitions);
            return definitions;
        }

        @Override
        public AutoCloseable watch(Runnable onChange) {
            this.onChange = onChange;
            return () -> {};
        }

        @Override
        public void applied(Definitions definitions) {
            applied.add(definitions);
        }
    }

    @Test
    void appliedIsCalledForTheFirstLoadAndEachValidReloadButNotForARefusedOne() {
        RecordingSource source = new RecordingSource();
        try (FlagManager flags = FlagManager.builder().source(source).build()) {
            assertThat(source.applied).singleElement().isSameAs(source.loaded.get(0));

            source.next = Definitions.of(FlagDefinition.builder("a")
                    .defaultVariant("on")
                    .prerequisite(Prerequisite.of("missing", "on"))
                    .build());
            source.onChange.run();
            assertThat(source.loaded).hasSize(2);
            assertThat(source.applied).as("refused: unknown prerequisite").hasSize(1);

            source.next = Definitions.of(
                    FlagDefinition.builder("a").defaultVariant("off").build());
            source.onChange.run();
            assertThat(source.applied).hasSize(2);
            assertThat(source.applied.get(1)).isSameAs(source.loaded.get(2));
            assertThat(flags.isEnabled("a", EvaluationContext.EMPTY)).isFalse();
        }
    }
}
