package dev.flags.autoconfigure.experiments;

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

    /** One count per experiment variant the conversion was credited to; uncredited ones are not counted. */
    @Override
    public void conversion(ConversionEvent event) {
        for (ConversionEvent.Credit credit : event.credits()) {
            Counter.builder(CONVERSIONS)
                    .description("Conversions credited to an experiment's variant (the user was exposed to it first)")
                    .tag("conversion", event.name())
                    .tag("feature_flag.key", credit.flag())
                    .tag("feature_flag.variant", credit.variant())
                    .register(registry)
                    .increment();
        }
    }
}
