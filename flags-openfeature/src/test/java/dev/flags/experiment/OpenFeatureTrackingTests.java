package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.definition.Definitions;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import org.junit.jupiter.api.Test;

/** OpenFeature's evaluations record exposures and its track lands in the same attribution as Experiments.track. */
class OpenFeatureTrackingTests {

    @Test
    void openFeatureTrackIsCreditedToTheExposedVariant() {
        MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);
        OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
        RecordingSink sink = new RecordingSink();
        try (InspectableFlagManager flags = FlagManager.builder()
                        .definitions(Definitions.of(ExperimentFixtures.pricing()))
                        .clock(clock)
                        .build();
                Experiments experiments =
                        Experiments.builder(flags).clock(clock).sink(sink).build()) {
            api.setProviderAndWait(FlagsProvider.of(flags, experiments.trackingSink()));
            Client client = api.getClient();
            String variant = client.getStringDetails("pricing", "x", new ImmutableContext("u1"))
                    .getVariant();
            assertThat(experiments.peek("pricing", EvaluationContext.of("u1")).variant())
                    .isEqualTo(variant);

            client.track("purchase", new ImmutableContext("u1"), new MutableTrackingEventDetails(30.0));
            client.track("purchase", new ImmutableContext("never-exposed"), new MutableTrackingEventDetails(5.0));

            ExperimentResults.ConversionResults purchase =
                    experiments.results("pricing").variant(variant).conversion("purchase");
            assertThat(purchase.convertingUsers()).isEqualTo(1);
            assertThat(purchase.totalValue()).isEqualTo(30.0);
        } finally {
            api.shutdown();
        }
        assertThat(sink.exposures()).extracting(e -> e.targetingKey()).containsExactly("u1");
        assertThat(sink.conversions())
                .extracting(c -> c.context().targetingKey())
                .as("both conversions are recorded; only one is credited in-process")
                .containsExactly("u1", "never-exposed");
    }
}
