package dev.flags.autoconfigure.experiments;

import dev.flags.spi.ConversionEvent;
import org.springframework.context.ApplicationEvent;

/**
 * A conversion measured by at least one running experiment, published as a Spring application
 * event from the experiments' background thread (never the request thread).
 */
public final class ExperimentConversionApplicationEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient ConversionEvent conversion;

    /**
     * Wraps a conversion.
     *
     * @param source the publisher
     * @param conversion the conversion
     */
    public ExperimentConversionApplicationEvent(Object source, ConversionEvent conversion) {
        super(source);
        this.conversion = conversion;
    }

    /**
     * The conversion.
     *
     * @return the conversion
     */
    public ConversionEvent getConversion() {
        return conversion;
    }
}
