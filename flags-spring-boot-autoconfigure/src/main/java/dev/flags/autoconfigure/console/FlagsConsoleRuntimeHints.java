package dev.flags.autoconfigure.console;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** Runtime hints of the console: its page and assets, served from the class path. */
final class FlagsConsoleRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern(ConsolePage.LOCATION + "*");
        hints.resources().registerPattern(ConsolePage.LOCATION + "assets/*");
    }
}
