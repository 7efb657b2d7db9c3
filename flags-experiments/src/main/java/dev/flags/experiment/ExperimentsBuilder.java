package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.InspectableFlagManager;
import dev.flags.spi.ExperimentEventSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Experiments}; every setter replaces what was set before. */
public final class ExperimentsBuilder {

    final InspectableFlagManager flags;
    Clock clock = Clock.systemUTC();
    final List<ExperimentEventSink> sinks = new ArrayList<>();
    Duration deduplicationWindow = Duration.ofHours(24);
    int deduplicationCapacity = 65_536;
    int maxUsersPerExperiment = 100_000;
    ExperimentAnalysis analysis = ExperimentAnalysis.DEFAULT;
    int queueCapacity = 10_000;
    Duration drainTimeout = Duration.ofSeconds(5);

    ExperimentsBuilder(InspectableFlagManager flags) {
        this.flags = requireNonNull(flags, "flags");
    }

    /** Sets the clock for windows and event times; use the manager's (default: system UTC). */
    public ExperimentsBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /** Adds a sink; sinks receive events in the order they are added, off the request thread. */
    public ExperimentsBuilder sink(ExperimentEventSink sink) {
        sinks.add(requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * Sets how long an exposure of a targeting key to a flag's variant is not passed on again
     * (default 24 hours).
     */
    public ExperimentsBuilder deduplicationWindow(Duration window) {
        requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("deduplication window must not be negative (got " + window + ")");
        }
        this.deduplicationWindow = window;
        return this;
    }

    /**
     * Sets how many recent exposures deduplication remembers (default 65536, rounded up to a power
     * of two); memory stays fixed whatever the number of users.
     */
    public ExperimentsBuilder deduplicationCapacity(int capacity) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("deduplication capacity must be from 1 to 2^30 (got " + capacity + ")");
        }
        this.deduplicationCapacity = capacity;
        return this;
    }

    /**
     * Sets how many users per experiment in-process results track (default 100000, about 150 bytes
     * each plus 24 bytes per metric); later users still produce exposure events but are not in the results.
     */
    public ExperimentsBuilder maxUsersPerExperiment(int maxUsers) {
        if (maxUsers < 1) {
            throw new IllegalArgumentException("max users per experiment must be at least 1 (got " + maxUsers + ")");
        }
        this.maxUsersPerExperiment = maxUsers;
        return this;
    }

    /**
     * Sets how results compare metrics (default {@link ExperimentAnalysis#DEFAULT}: sequential,
     * alpha 0.05, Benjamini-Hochberg).
     */
    public ExperimentsBuilder analysis(ExperimentAnalysis newAnalysis) {
        this.analysis = java.util.Objects.requireNonNull(newAnalysis, "analysis");
        return this;
    }

    /** Sets how many events may wait for the sinks (default 10000); more are dropped and counted. */
    public ExperimentsBuilder queueCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1 (got " + capacity + ")");
        }
        this.queueCapacity = capacity;
        return this;
    }

    /** Sets how long {@link Experiments#close()} waits for sinks to take queued events (default 5 s). */
    public ExperimentsBuilder drainTimeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative (got " + timeout + ")");
        }
        this.drainTimeout = timeout;
        return this;
    }

    /** Builds the experiments and installs their hook and listener on the manager. */
    public Experiments build() {
        return new DefaultExperiments(this);
    }
}
