package dev.flags.openfeature;

import static dev.flags.openfeature.TestFlags.bool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.Definitions;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsProviderLifecycleTests {

    private static final ImmutableContext NOBODY = new ImmutableContext();

    private final OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @TempDir
    Path directory;

    record Event(ProviderEvent type, EventDetails details) {}

    @AfterEach
    void shutDown() {
        api.shutdown();
    }

    private void recordEvents() {
        for (ProviderEvent type : ProviderEvent.values()) {
            api.on(type, details -> {
                if (FlagsProvider.NAME.equals(details.getProviderName())) {
                    events.add(new Event(type, details));
                }
            });
        }
    }

    private Event nextEvent() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("next provider event").isNotNull();
        return event;
    }

    @Test
    void loadsADefinitionsFileInOneLine() throws Exception {
        Path file = directory.resolve("flags.yml");
        Files.writeString(file, """
                flags:
                  dark-mode:
                    type: boolean
                    variants: {on: true, off: false}
                    default-variant: off
                """);

        api.setProviderAndWait(FlagsProvider.fromFile(file));

        assertThat(api.getClient().getBooleanDetails("dark-mode", true, NOBODY).getVariant())
                .isEqualTo("off");
    }

    @Test
    void loadsAClasspathResourceInOneLine() {
        api.setProviderAndWait(FlagsProvider.fromClasspath("openfeature/test-flags.yml"));

        assertThat(api.getClient().getStringValue("string-flag", "bye")).isEqualTo("hi");
    }

    @Test
    void failsInitializationWithEveryProblemOfInvalidDefinitions() throws Exception {
        Path file = directory.resolve("flags.yml");
        Files.writeString(file, """
                flags:
                  dark-mode:
                    type: boolean
                    variants: {on: true, off: false}
                    default-variant: of
                  page-size:
                    type: integer
                    variants: {small: ten}
                    default-variant: small
                """);

        assertThatThrownBy(() -> api.setProviderAndWait(FlagsProvider.fromFile(file)))
                .isInstanceOf(OpenFeatureError.class)
                .hasMessageContaining("flags.yml: flags.dark-mode.default-variant: unknown variant 'of'")
                .hasMessageContaining(
                        "flags.yml: flags.page-size.variants.small: expected an integer from -2147483648 to"
                                + " 2147483647 but got string 'ten'");
        assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.ERROR);
    }

    @Test
    void answersNotReadyBeforeInitialization() {
        FlagsProvider provider = FlagsProvider.fromClasspath("openfeature/test-flags.yml");

        ProviderEvaluation<String> evaluation = provider.getStringEvaluation("string-flag", "bye", NOBODY);

        assertThat(evaluation.getValue()).isEqualTo("bye");
        assertThat(evaluation.getReason()).isEqualTo("ERROR");
        assertThat(evaluation.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
        assertThat(evaluation.getErrorMessage()).isEqualTo("provider not initialized");
    }

    @Test
    void emitsReadyThenChangesWithTheChangedKeys() throws Exception {
        InMemoryFlagSource source = FlagSources.inMemory(
                "flags", Definitions.of(bool("a").build(), bool("b").build()));
        recordEvents();

        api.setProviderAndWait(FlagsProvider.fromSource(source));
        Event ready = nextEvent();
        source.update(Definitions.of(
                bool("a").defaultVariant("off").build(), bool("b").build()));
        Event changed = nextEvent();

        assertThat(ready.type()).isEqualTo(ProviderEvent.PROVIDER_READY);
        assertThat(changed.type()).isEqualTo(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);
        assertThat(changed.details().getFlagsChanged()).containsExactly("a");
        assertThat(api.getClient().getBooleanValue("a", true)).isFalse();
    }

    @Test
    void turnsStaleWhileASourceFailsAndReadyWhenItRecovers() throws Exception {
        InMemoryFlagSource source =
                FlagSources.inMemory("flags", Definitions.of(bool("a").build()));
        recordEvents();
        api.setProviderAndWait(FlagsProvider.fromSource(source));
        assertThat(nextEvent().type()).isEqualTo(ProviderEvent.PROVIDER_READY);
        Client client = api.getClient();

        source.update(Definitions.of(bool("a").defaultVariant("missing").build()));
        Event stale = nextEvent();

        assertThat(stale.type()).isEqualTo(ProviderEvent.PROVIDER_STALE);
        assertThat(stale.details().getMessage())
                .startsWith("flag definitions from flags failed to load; the last good definitions stay in force: ")
                .contains("flags.a.default-variant: unknown variant 'missing'");
        awaitState(client, ProviderState.STALE);
        assertThat(client.getBooleanDetails("a", false).getValue()).isTrue();

        source.update(Definitions.of(
                bool("a").build(), bool("b").defaultVariant("off").build()));
        List<Event> recovery = List.of(nextEvent(), nextEvent());

        assertThat(recovery)
                .extracting(Event::type)
                .containsExactlyInAnyOrder(ProviderEvent.PROVIDER_READY, ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);
        assertThat(recovery.stream()
                        .filter(e -> e.type() == ProviderEvent.PROVIDER_CONFIGURATION_CHANGED)
                        .findFirst()
                        .orElseThrow()
                        .details()
                        .getFlagsChanged())
                .containsExactly("b");
        awaitState(client, ProviderState.READY);
        assertThat(client.getBooleanValue("b", true)).isFalse();
    }

    private static void awaitState(Client client, ProviderState expected) throws InterruptedException {
        List<ProviderState> seen = new ArrayList<>();
        for (int i = 0; i < 500 && client.getProviderState() != expected; i++) {
            seen.add(client.getProviderState());
            Thread.sleep(10);
        }
        assertThat(client.getProviderState())
                .as("state after %s", seen.isEmpty() ? "[]" : seen.get(seen.size() - 1))
                .isEqualTo(expected);
    }
}
