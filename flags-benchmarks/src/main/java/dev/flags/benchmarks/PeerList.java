package dev.flags.benchmarks;

import java.util.List;

/** The peers, started the way their benchmarks start them, for {@link Checks}. */
final class PeerList {

    static final List<Checks.Library> LIBRARIES = List.of();

    private PeerList() {}
}
