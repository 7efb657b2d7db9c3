package dev.flags.flagd;

import dev.flags.definition.ComputedLanguage;
import dev.flags.definition.Serve;

/**
 * Reads back the guard of compiled flagd targeting ({@code computed: {language: flagd JSON Logic
 * guard, ...}}): the rule that interprets the few contexts the compiled rules would read otherwise
 * than JSON Logic. Found by {@link java.util.ServiceLoader}; applications do not call it.
 */
public final class FlagdGuardLanguage implements ComputedLanguage {

    /** Creates the reader, as {@link java.util.ServiceLoader} does. */
    public FlagdGuardLanguage() {}

    @Override
    public String language() {
        return FlagdGuard.LANGUAGE;
    }

    @Override
    public Serve.Computed read(String source) {
        FlagdGuard guard = FlagdGuard.read(source);
        return new Serve.Computed(FlagdGuard.LANGUAGE, source, guard);
    }
}
