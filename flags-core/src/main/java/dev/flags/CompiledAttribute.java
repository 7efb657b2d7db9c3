package dev.flags;

import dev.flags.internal.AttributePath;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An attribute name from a condition or {@code bucket-by}, resolved when the snapshot is compiled
 * (see {@link AttributePath} for the syntax). A plain name costs one lookup, as before paths
 * existed. An unescaped dotted name is first looked up as a plain attribute of exactly that name,
 * so flat contexts keep working, and then as a path into nested maps; an escaped name is only the
 * path it spells.
 */
final class CompiledAttribute {

    // Looked up directly in the context; null when the name is only a path.
    private final @Nullable String flat;
    // Whether flat is one of the context's built-ins, which EvaluationContext.attribute resolves by name.
    private final boolean builtIn;
    // The names of a path with more than one of them; null for a plain name.
    private final String @Nullable [] path;

    CompiledAttribute(String text) {
        List<String> names = AttributePath.split(text);
        boolean escaped = AttributePath.isEscaped(text);
        this.flat = !escaped ? text : names.size() == 1 ? names.get(0) : null;
        this.builtIn = flat != null && isBuiltIn(flat);
        this.path = names.size() > 1 ? names.toArray(String[]::new) : null;
    }

    static boolean isBuiltIn(String name) {
        return EvaluationContext.TARGETING_KEY.equals(name)
                || EvaluationContext.GROUPS.equals(name)
                || EvaluationContext.ENVIRONMENT.equals(name);
    }

    /** The key of a plain attribute that is not a built-in (one map lookup, no path), or {@code null}. */
    @Nullable
    String plainName() {
        return path == null && !builtIn ? flat : null;
    }

    /**
     * Whether this reads the context's groups or environment, as the name or the first name of a
     * path: what an evaluation must be given of a caller's own context besides the targeting key
     * and the other attributes.
     */
    boolean readsGroupsOrEnvironment() {
        String first = path != null ? path[0] : flat;
        return EvaluationContext.GROUPS.equals(first) || EvaluationContext.ENVIRONMENT.equals(first);
    }

    /** Whether this is the built-in environment. */
    boolean isEnvironment() {
        return path == null && EvaluationContext.ENVIRONMENT.equals(flat);
    }

    /** The value in the context, or {@code null} when it is absent or a path runs through a non-map. */
    @Nullable
    Object get(EvaluationContext context) {
        Object value = null;
        if (flat != null) {
            value = builtIn ? context.attribute(flat) : context.attributes().get(flat);
        }
        String[] names = path;
        if (value == null && names != null) {
            value = context.attribute(names[0]);
            for (int i = 1; i < names.length && value != null; i++) {
                value = value instanceof Map<?, ?> map ? map.get(names[i]) : null;
            }
        }
        return value;
    }
}
