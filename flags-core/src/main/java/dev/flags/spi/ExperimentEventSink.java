package dev.flags.spi;

/**
 * Where experiment events go: conversions now (OpenFeature's {@code track} hands them over), more
 * kinds of events later, each arriving as a new {@code default} method so that existing sinks keep
 * compiling. Implementations must be thread-safe and fast, because they are called on the thread
 * that reports the event; buffer and ship asynchronously. A sink that throws is logged and never
 * breaks the caller.
 */
@FunctionalInterface
public interface ExperimentEventSink {

    /** A sink that drops every event; the default until an experiments backend is configured. */
    ExperimentEventSink NONE = event -> {};

    /**
     * A subject did something that an experiment measures, for example completed a checkout.
     *
     * @param event what happened, for whom, and its optional value and details
     */
    void conversion(ConversionEvent event);
}
