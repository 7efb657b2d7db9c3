package dev.flags.definition;

import java.util.ServiceLoader;

/**
 * Turns the source of a {@link Serve.Computed} serve back into its function, so that definitions
 * holding one can be written and read again: by the definitions reader, and so by stores, audit
 * entries and backup files. Implementations are found with {@link ServiceLoader} (a line naming
 * the class in {@code META-INF/services/dev.flags.definition.ComputedLanguage}); flags-flagd
 * provides flagd's JSON Logic. A definitions file naming a language that no implementation on the
 * class path speaks is refused with the place and the language.
 */
public interface ComputedLanguage {

    /**
     * The language this implementation reads, as {@link Serve.Computed#language()} names it.
     *
     * @return the language, for example {@code flagd JSON Logic}
     */
    String language();

    /**
     * Compiles a source this language's writer produced.
     *
     * @param source the source, as {@link Serve.Computed#source()} holds it
     * @return the serve
     * @throws IllegalArgumentException when the source cannot be read, with a message saying why
     */
    Serve.Computed read(String source);
}
