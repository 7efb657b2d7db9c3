package dev.flags.autoconfigure.openfeature;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.openfeature.FlagsProvider;
import dev.flags.openfeature.OpenFeatureFlagManager;
import dev.flags.spi.ExperimentEventSink;
import dev.openfeature.sdk.OpenFeatureAPI;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Registers the {@link FlagManager} with the {@link OpenFeatureAPI} as its default provider, and
 * shuts that provider down with the application context.
 */
final class FlagsProviderRegistration implements DisposableBean {

    private final @Nullable FlagsProvider provider;

    FlagsProviderRegistration(OpenFeatureAPI openFeatureApi, InspectableFlagManager flagManager) {
        this(openFeatureApi, flagManager, null);
    }

    /** With a tracking sink, OpenFeature {@code track} calls reach it (experiment conversions). */
    FlagsProviderRegistration(
            OpenFeatureAPI openFeatureApi,
            InspectableFlagManager flagManager,
            @Nullable ExperimentEventSink trackingSink) {
        if (flagManager instanceof OpenFeatureFlagManager) {
            this.provider = null; // already evaluates through OpenFeature; registering it would loop
        } else {
            this.provider =
                    trackingSink == null ? FlagsProvider.of(flagManager) : FlagsProvider.of(flagManager, trackingSink);
            openFeatureApi.setProviderAndWait(this.provider);
        }
    }

    @Nullable
    FlagsProvider provider() {
        return provider;
    }

    @Override
    public void destroy() {
        if (provider != null) {
            provider.shutdown();
        }
    }
}
