package dev.flags.benchmarks;

import java.util.List;

/** Our provider and the peers, started the way their benchmarks start them, for {@link Checks}. */
final class PeerList {

    static final List<Checks.Library> LIBRARIES;

    static {
        ProviderBench provider = new ProviderBench();
        OpenFeatureInMemoryBench inMemory = new OpenFeatureInMemoryBench();
        LaunchDarklyBench launchDarkly = new LaunchDarklyBench();
        UnleashBench unleash = new UnleashBench();
        FlagdBench flagd = new FlagdBench();
        TogglzBench togglz = new TogglzBench();
        LIBRARIES = List.of(
                Checks.of("flags provider via OpenFeature Client", provider::setUp, provider::tearDown),
                Checks.of("OpenFeature InMemoryProvider", inMemory::setUp, inMemory::tearDown),
                Checks.of("LaunchDarkly", launchDarkly::setUp, launchDarkly::tearDown),
                Checks.of("Unleash", unleash::setUp, unleash::tearDown),
                Checks.of("flagd", flagd::setUp, flagd::tearDown),
                Checks.of("Togglz", togglz::setUp, () -> {}));
    }

    private PeerList() {}
}
