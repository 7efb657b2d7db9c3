package dev.flags.autoconfigure;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts experiment events. Tags are bounded: flag keys and variants come from definitions, and
 * conversions reach sinks only when a running experiment measures them; never a targeting key.
 */
final class MetricsExperimentSink implements ExperimentEventSink {

    static final String EXPOSURES = "flags.experiments.exposures";

    static final String CONVERSIONS = "flags.experiments.conversions";

    private final MeterRegistry registry;

    MetricsExperimentSink(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void exposure(ExposureEvent event) {
        Counter.builder(EXPOSURES)
                .description("Experiment exposures passed to the sinks (deduplicated per user within the window)")
                .tag("feature_flag.key", event.flagKey())
                .tag("feature_flag.variant", event.variant())
                .register(registry)
                .increment();
    }

    @Override
    public void conversion(ConversionEvent event) {
        Counter.builder(CONVERSIONS)
                .description("Conversions measured by at least one running experiment")
                .tag("conversion", event.name())
                .register(registry)
                .increment();
    }
}
