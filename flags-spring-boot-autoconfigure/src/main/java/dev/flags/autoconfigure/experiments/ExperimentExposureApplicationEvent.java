package dev.flags.autoconfigure.experiments;

import dev.flags.spi.ExposureEvent;
import org.springframework.context.ApplicationEvent;

/**
 * An exposure of a user to an experiment's variant, published as a Spring application event from
 * the experiments' background thread (never the request thread).
 */
public final class ExperimentExposureApplicationEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient ExposureEvent exposure;

    /**
     * Wraps an exposure.
     *
     * @param source the publisher
     * @param exposure the exposure
     */
    public ExperimentExposureApplicationEvent(Object source, ExposureEvent exposure) {
        super(source);
        this.exposure = exposure;
    }

    /**
     * The exposure.
     *
     * @return the exposure
     */
    public ExposureEvent getExposure() {
        return exposure;
    }
}
