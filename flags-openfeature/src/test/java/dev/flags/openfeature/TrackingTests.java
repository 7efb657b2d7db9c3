package dev.flags.openfeature;

import static dev.flags.openfeature.TestFlags.bool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackingTests {

    private final OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    private final InspectableFlagManager manager = FlagManager.builder()
            .definitions(Definitions.of(bool("checkout").build()))
            .build();
    private final List<ConversionEvent> conversions = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDown() {
        api.shutdown();
        manager.close();
    }

    private Client clientWith(ExperimentEventSink sink) {
        api.setProviderAndWait(FlagsProvider.of(manager, sink));
        return api.getClient();
    }

    @Test
    void handsTrackingEventsToTheSinkAsConversions() {
        Client client = clientWith(conversions::add);

        client.track(
                "checkout-completed",
                new ImmutableContext("user-1", Map.of("plan", new Value("pro"))),
                new MutableTrackingEventDetails(42.5).add("currency", "EUR").add("items", 3));

        assertThat(conversions).hasSize(1);
        ConversionEvent conversion = conversions.get(0);
        assertThat(conversion.name()).isEqualTo("checkout-completed");
        assertThat(conversion.context().targetingKey()).isEqualTo("user-1");
        assertThat(conversion.context().attributes()).containsEntry("plan", "pro");
        assertThat(conversion.value()).isEqualTo(42.5);
        assertThat(conversion.details()).isEqualTo(Map.of("currency", "EUR", "items", 3));
    }

    @Test
    void handsOverEventsWithoutValueOrDetails() {
        Client client = clientWith(conversions::add);

        client.track("signed-up");

        assertThat(conversions).singleElement().satisfies(conversion -> {
            assertThat(conversion.name()).isEqualTo("signed-up");
            assertThat(conversion.value()).isNull();
            assertThat(conversion.details()).isEmpty();
        });
    }

    @Test
    void keepsTrackingAfterASinkFails() {
        Client client = clientWith(event -> {
            conversions.add(event);
            throw new IllegalStateException("sink down");
        });

        client.track("first");
        client.track("second");

        assertThat(conversions).extracting(ConversionEvent::name).containsExactly("first", "second");
        assertThat(client.getBooleanValue("checkout", false)).isTrue();
    }
}
