package dev.flags.autoconfigure;

import dev.flags.FlagManager;
import dev.flags.openfeature.FlagsProvider;
import dev.flags.openfeature.OpenFeatureFlagManager;
import dev.openfeature.sdk.OpenFeatureAPI;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Registers the {@link FlagManager} with the {@link OpenFeatureAPI} as its default provider, and
 * shuts that provider down with the application context.
 */
final class FlagsProviderRegistration implements DisposableBean {

    private final @Nullable FlagsProvider provider;

    FlagsProviderRegistration(OpenFeatureAPI openFeatureApi, FlagManager flagManager) {
        if (flagManager instanceof OpenFeatureFlagManager) {
            this.provider = null; // already evaluates through OpenFeature; registering it would loop
        } else {
            this.provider = FlagsProvider.of(flagManager);
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
