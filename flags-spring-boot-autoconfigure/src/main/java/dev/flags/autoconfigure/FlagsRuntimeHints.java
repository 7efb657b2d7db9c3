package dev.flags.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of the engine's auto-configuration: the explanation of an evaluation, which the
 * Actuator endpoint and the admin API write as JSON. The definition files an application names in {@code flags.sources}
 * get their hints from {@link DefinitionFilesAotProcessor}. Definitions themselves are read into
 * records by hand, without reflection, and need none.
 */
final class FlagsRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        PayloadHints.registerRecords(hints, FlagExplanation.class);
    }
}
