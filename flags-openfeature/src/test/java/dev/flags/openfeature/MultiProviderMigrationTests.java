package dev.flags.openfeature;

import static dev.flags.openfeature.TestFlags.bool;
import static dev.flags.openfeature.TestFlags.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagStatus;
import dev.flags.source.FlagSources;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.multiprovider.MultiProvider;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Migrating from another vendor with the SDK's {@link MultiProvider}: our provider first, the old
 * vendor's second (played by the SDK's {@link InMemoryProvider}). With the default first-match
 * strategy a flag defined here is answered here; only a flag we do not define
 * ({@code FLAG_NOT_FOUND}) falls through to the old vendor.
 */
class MultiProviderMigrationTests {

    private final InspectableFlagManager flags = FlagManager.builder()
            .source(FlagSources.inMemory(
                    "migrated",
                    Definitions.of(
                            bool("new-checkout").build(),
                            string("greeting").status(FlagStatus.PAUSED).build())))
            .build();

    private final InMemoryProvider oldVendor = new InMemoryProvider(Map.of(
            "new-checkout",
                    Flag.builder().variant("off", false).defaultVariant("off").build(),
            "legacy-banner",
                    Flag.builder()
                            .variant("shown", "BANNER")
                            .defaultVariant("shown")
                            .build()));

    private final OpenFeatureAPI api = OpenFeatureAPI.createIsolated();

    @AfterEach
    void close() {
        api.shutdown();
        flags.close();
    }

    private Client client() {
        api.setProviderAndWait(new MultiProvider(List.of(FlagsProvider.of(flags), oldVendor)));
        return api.getClient();
    }

    @Test
    void aFlagDefinedHereIsAnsweredHereAndOthersByTheOldVendor() {
        Client client = client();
        FlagEvaluationDetails<Boolean> migrated = client.getBooleanDetails("new-checkout", false);
        assertThat(migrated.getValue()).isTrue();
        assertThat(migrated.getVariant()).isEqualTo("on");
        assertThat(migrated.getReason()).isEqualTo("STATIC");

        FlagEvaluationDetails<String> notYet = client.getStringDetails("legacy-banner", "none");
        assertThat(notYet.getValue()).isEqualTo("BANNER");
        assertThat(notYet.getVariant()).isEqualTo("shown");
        assertThat(notYet.getErrorCode()).isNull();
    }

    @Test
    void aFlagPausedHereStaysOffInsteadOfFallingThroughToTheOldVendor() {
        FlagEvaluationDetails<String> paused = client().getStringDetails("greeting", "code default");
        assertThat(paused.getValue()).isEqualTo("code default");
        assertThat(paused.getReason()).isEqualTo("DISABLED");
        assertThat(paused.getErrorCode()).isNull();
    }

    @Test
    void aFlagNeitherDefinesIsFlagNotFoundNamingBothProviders() {
        FlagEvaluationDetails<Boolean> missing = client().getBooleanDetails("nowhere", false);
        assertThat(missing.getValue()).isFalse();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(missing.getErrorMessage())
                .startsWith("Flag not found in any provider")
                .contains("flags")
                .contains("InMemoryProvider");
    }
}
