package dev.flags.flagd;

import dev.flags.definition.ComputedLanguage;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.Serve;
import dev.flags.definition.VariantFunction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads back the interpreted flagd targeting that this project's definitions writer wrote as
 * {@code computed: {language: flagd JSON Logic, source: ...}}, so that a flag read from a flagd
 * file keeps its meaning in a store, an audit entry or a backup file. Found by
 * {@link java.util.ServiceLoader}; applications do not call it.
 */
public final class FlagdLanguage implements ComputedLanguage {

    /** Creates the reader, as {@link java.util.ServiceLoader} does. */
    public FlagdLanguage() {}

    @Override
    public String language() {
        return FlagdReader.LANGUAGE;
    }

    @Override
    public Serve.Computed read(String source) {
        Object tree = tree(source);
        String problem = FlagdReader.problem(tree, "targeting");
        // As when read from the file: targeting flagd only fails on when evaluating still loads.
        VariantFunction function = problem == null ? new FlagdTargeting(tree) : FlagdTargeting.failing(problem);
        return new Serve.Computed(FlagdReader.LANGUAGE, source, function);
    }

    /** The JSON of a source; {@code null} for {@code null}. */
    static @Nullable Object tree(String source) {
        if (source.strip().equals("null")) {
            return null;
        }
        try {
            return DefinitionsReader.tree("computed source", source.getBytes(StandardCharsets.UTF_8));
        } catch (DefinitionsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A targeting tree that evaluates, or an exception naming what does not. */
    static @Nullable Object checked(@Nullable Object tree) {
        String problem = FlagdReader.problem(tree, "targeting");
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return tree;
    }
}
