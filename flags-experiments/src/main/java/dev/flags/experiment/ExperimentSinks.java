package dev.flags.experiment;

import dev.flags.spi.ExperimentEventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The experiment event sinks that come with flags-core. */
public final class ExperimentSinks {

    /** The logger {@link #log()} writes to. */
    public static final String LOGGER = "dev.flags.experiments";

    private ExperimentSinks() {}

    /**
     * A structured log: one JSON object per event and line, at INFO through the SLF4J logger
     * {@value #LOGGER}, for example
     * {@code {"type":"exposure","time":"2026-12-10T12:00:00Z","flag":"pricing","variant":"discount","targetingKey":"u1","reason":"SPLIT"}}
     * or
     * {@code {"type":"conversion","time":"2026-12-10T12:05:00Z","conversion":"purchase","targetingKey":"u1","value":49.9}}.
     * Route that logger to its own appender with a message-only pattern to get a JSON-lines file.
     *
     * @return the sink
     */
    public static ExperimentEventSink log() {
        return log(LOGGER);
    }

    /**
     * A structured log through the named SLF4J logger; see {@link #log()}.
     *
     * @param loggerName the logger
     * @return the sink
     */
    public static ExperimentEventSink log(String loggerName) {
        Logger logger = LoggerFactory.getLogger(loggerName);
        return new LogEventSink(line -> logger.info("{}", line), loggerName);
    }

    /**
     * Keeps the most recent events in memory.
     *
     * @param capacity how many events to keep
     * @return the sink
     */
    public static InMemoryEventSink inMemory(int capacity) {
        return new InMemoryEventSink(capacity);
    }
}
