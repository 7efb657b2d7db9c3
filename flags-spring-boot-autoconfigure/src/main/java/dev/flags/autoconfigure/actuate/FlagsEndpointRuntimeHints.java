package dev.flags.autoconfigure.actuate;

import dev.flags.autoconfigure.PayloadHints;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints of the {@code flags} Actuator endpoint: the records of its answers, and those of
 * the experiment results it answers as {@code Object} (which Spring's AOT cannot see) where the
 * experiments module is present.
 */
final class FlagsEndpointRuntimeHints implements RuntimeHintsRegistrar {

    /** Loaded only once the experiments module is known to be present. */
    private static final class ExperimentResults {
        static final Class<?> DESCRIPTOR = ExperimentResultsDescriptor.class;
    }

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        PayloadHints.registerRecords(hints, FlagsEndpoint.class);
        if (ClassUtils.isPresent("dev.flags.experiment.Experiments", classLoader)) {
            PayloadHints.registerRecords(hints, ExperimentResults.DESCRIPTOR);
        }
    }
}
