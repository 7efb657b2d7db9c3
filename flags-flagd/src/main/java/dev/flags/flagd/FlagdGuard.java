package dev.flags.flagd;

import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.VariantFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The first rule of compiled flagd targeting: for the few contexts its rules would read otherwise
 * than JSON Logic does, it answers with the interpreted targeting; for all others it does not apply
 * and the compiled rules decide. Those contexts hold
 *
 * <ul>
 *   <li>a list or an object in an attribute compared with {@code ==}: JSON Logic compares its text
 *       ({@code ["a"] == "a"});
 *   <li>a list on the way of a dotted attribute: JSON Logic reads {@code items.0} by index;
 *   <li>a value that is not a string in the {@code bucket-by} attribute: JSON Logic's {@code cat}
 *       writes {@code 3.0} as {@code "3"}.
 * </ul>
 *
 * Checking costs a few map lookups and allocates nothing. When the interpreted targeting answers
 * {@code null} (the default variant), the compiled rules answer the same: on such a context their
 * conditions hold only where JSON Logic's hold too, and no distribution before the last rule
 * passes on.
 */
final class FlagdGuard implements VariantFunction {

    static final String LANGUAGE = "flagd JSON Logic guard";

    private final String[][] loose;
    private final String[][] paths;
    private final String @Nullable [] bucketBy;
    private final FlagdTargeting targeting;
    private final String source;

    private FlagdGuard(
            List<String> loose,
            List<String> paths,
            @Nullable String bucketBy,
            FlagdTargeting targeting,
            String source) {
        this.loose = split(loose);
        this.paths = split(paths);
        this.bucketBy = bucketBy == null ? null : bucketBy.split("\\.", -1);
        this.targeting = targeting;
        this.source = source;
    }

    private static String[][] split(List<String> names) {
        String[][] split = new String[names.size()][];
        for (int i = 0; i < split.length; i++) {
            split[i] = names.get(i).split("\\.", -1);
        }
        return split;
    }

    /** The guard compiled targeting needs, or {@code null} when its rules read every context as JSON Logic. */
    static @Nullable FlagdGuard of(
            TargetingCompiler.Compiled compiled, FlagdTargeting targeting, @Nullable Object resolved) {
        String bucketBy = compiled.bucketBy() == null ? null : TargetingCompiler.varName(compiled.bucketBy());
        if ("targetingKey".equals(bucketBy)) {
            bucketBy = null; // always a string
        }
        if (compiled.loose().isEmpty() && compiled.paths().isEmpty() && bucketBy == null) {
            return null;
        }
        Map<String, @Nullable Object> tree = new LinkedHashMap<>();
        if (!compiled.loose().isEmpty()) {
            tree.put("loose", compiled.loose());
        }
        if (!compiled.paths().isEmpty()) {
            tree.put("paths", compiled.paths());
        }
        if (bucketBy != null) {
            tree.put("bucketBy", bucketBy);
        }
        tree.put("targeting", resolved);
        return new FlagdGuard(compiled.loose(), compiled.paths(), bucketBy, targeting, DefinitionsWriter.json(tree));
    }

    /**
     * Reads a guard's source back: {@code {"loose": [...], "paths": [...], "bucketBy": "...",
     * "targeting": {...}}}.
     *
     * @throws IllegalArgumentException when it is not a guard's source
     */
    static FlagdGuard read(String source) {
        Object tree = FlagdLanguage.tree(source);
        if (!(tree instanceof Map<?, ?> fields) || !fields.containsKey("targeting")) {
            throw new IllegalArgumentException("not a flagd guard: expected an object with targeting");
        }
        Object bucketBy = fields.get("bucketBy");
        if (bucketBy != null && !(bucketBy instanceof String)) {
            throw new IllegalArgumentException("not a flagd guard: bucketBy must be an attribute name");
        }
        FlagdTargeting interpreted = new FlagdTargeting(FlagdLanguage.checked(fields.get("targeting")));
        return new FlagdGuard(
                names(fields.get("loose"), "loose"),
                names(fields.get("paths"), "paths"),
                (String) bucketBy,
                interpreted,
                source);
    }

    private static List<String> names(@Nullable Object tree, String field) {
        List<String> names = new ArrayList<>();
        if (tree == null) {
            return names;
        }
        if (!(tree instanceof List<?> list)) {
            throw new IllegalArgumentException("not a flagd guard: " + field + " must be a list of attribute names");
        }
        for (Object name : list) {
            if (!(name instanceof String s)) {
                throw new IllegalArgumentException("not a flagd guard: " + field + " holds " + name);
            }
            names.add(s);
        }
        return names;
    }

    String source() {
        return source;
    }

    @Override
    public @Nullable String variant(
            String flagKey, @Nullable String targetingKey, Map<String, Object> attributes, long now) {
        for (String[] names : loose) {
            Object value = value(attributes, names);
            if (value instanceof List<?> || value instanceof Map<?, ?>) {
                return targeting.variant(flagKey, targetingKey, attributes, now);
            }
        }
        for (String[] names : paths) {
            if (value(attributes, names) == THROUGH_A_LIST) {
                return targeting.variant(flagKey, targetingKey, attributes, now);
            }
        }
        String[] bucketing = bucketBy;
        if (bucketing != null) {
            Object value = value(attributes, bucketing);
            if (value != null && !(value instanceof String)) {
                return targeting.variant(flagKey, targetingKey, attributes, now);
            }
        }
        return null;
    }

    /** Stands for a path that meets a list before its end. */
    private static final Object THROUGH_A_LIST = new Object();

    /** The value at a path as JSON Logic's {@code var} reads it, or {@link #THROUGH_A_LIST}. */
    private static @Nullable Object value(Map<String, Object> attributes, String[] names) {
        Object current = attributes.get(names[0]);
        for (int i = 1; i < names.length; i++) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(names[i]);
            } else if (current instanceof List<?>) {
                return THROUGH_A_LIST;
            } else {
                return null;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return source;
    }
}
