package dev.flags.spi;

/**
 * Where experiment events go: conversions (OpenFeature's {@code track} hands them over) and
 * exposures (who was assigned which variant of an experiment and used it), more kinds of events
 * later, each arriving as a new {@code default} method so that existing sinks keep compiling.
 * Implementations must be thread-safe and fast, because a producer such as the OpenFeature provider
 * calls them on the thread that reports the event; buffer and ship asynchronously. A sink that
 * throws is logged and never breaks the caller.
 *
 * <p>Two roles use this type:
 *
 * <ul>
 *   <li><b>Input.</b> {@code Experiments.trackingSink()} is the sink to give producers: it
 *       attributes each conversion to the experiments that measure it. Hand it to
 *       {@code FlagsProvider.of(manager, experiments.trackingSink())}.
 *   <li><b>Output.</b> Sinks registered with {@code ExperimentsBuilder.sink(...)} receive the
 *       recorded exposures and conversions on one background thread (never the request thread),
 *       in order, with {@link #flush()} after each batch and {@link #close()} at shutdown. They
 *       receive an exposure at most once per targeting key, flag and variant within the
 *       deduplication window, but may receive it again later: count distinct users downstream.
 * </ul>
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

    /**
     * A subject was exposed to a variant that an experiment assigned.
     *
     * @param event which flag and variant, for whom, when and why
     */
    default void exposure(ExposureEvent event) {}

    /** Called after each batch of events delivered from a queue; sinks that buffer write here. */
    default void flush() {}

    /** No more events will come; release resources. */
    default void close() {}
}
