package dev.flags.autoconfigure.experiments;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes experiment events as Spring application events. */
final class ApplicationEventExperimentSink implements ExperimentEventSink {

    private final ApplicationEventPublisher publisher;

    ApplicationEventExperimentSink(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void exposure(ExposureEvent event) {
        publisher.publishEvent(new ExperimentExposureApplicationEvent(this, event));
    }

    @Override
    public void conversion(ConversionEvent event) {
        publisher.publishEvent(new ExperimentConversionApplicationEvent(this, event));
    }
}
