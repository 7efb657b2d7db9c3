package dev.flags.autoconfigure.admin;

import dev.flags.autoconfigure.PayloadHints;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** Runtime hints of the admin API's experiment results: the records of their JSON answer. */
final class FlagsAdminExperimentsRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        PayloadHints.registerRecords(hints, ExperimentResultsDescriptor.class);
    }
}
