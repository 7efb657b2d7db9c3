package dev.flags.benchmarks;

import java.util.List;

/** The peers, started the way their benchmarks start them, for {@link Checks}. */
final class PeerList {

    static final List<Checks.Library> LIBRARIES;

    static {
        OpenFeatureInMemoryBench inMemory = new OpenFeatureInMemoryBench();
        LaunchDarklyBench launchDarkly = new LaunchDarklyBench();
        UnleashBench unleash = new UnleashBench();
        FlagdBench flagd = new FlagdBench();
        TogglzBench togglz = new TogglzBench();
        LIBRARIES = List.of(
                Checks.of("OpenFeature InMemoryProvider", inMemory::setUp, inMemory::tearDown),
                Checks.of("LaunchDarkly", launchDarkly::setUp, launchDarkly::tearDown),
                Checks.of("Unleash", unleash::setUp, unleash::tearDown),
                Checks.of("flagd", flagd::setUp, flagd::tearDown),
                Checks.of("Togglz", togglz::setUp, () -> {}));
    }

    private PeerList() {}
}
