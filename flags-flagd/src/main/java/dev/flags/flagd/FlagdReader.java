package dev.flags.flagd;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.internal.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a flagd flag definition file into definitions. Structure is checked here, each problem with
 * the file and its JSON path, all of them in one {@link DefinitionsException}. Targeting is read as
 * flagd reads it: {@code $ref}s replaced by the named {@code $evaluators}, then compiled into rules
 * where it maps ({@link TargetingCompiler}) and otherwise evaluated by {@link JsonLogic}. Targeting
 * flagd itself would only fail on when evaluating (a {@code $ref} to no evaluator, an unknown
 * operator) does not reject the file, as in flagd: that flag answers {@code PARSE_ERROR}, and a
 * warning names the place when the file loads.
 */
final class FlagdReader {

    static final String LANGUAGE = "flagd JSON Logic";
    /** The rule of interpreted targeting; the guard of compiled targeting answers as it, so it shares the id. */
    static final String INTERPRETED_RULE = "targeting";

    private static final String GUARD_RULE = INTERPRETED_RULE;

    private static final Logger log = LoggerFactory.getLogger(FlagdReader.class);
    private static final Set<String> TOP_FIELDS = Set.of("$schema", "flags", "$evaluators", "metadata");
    private static final Set<String> FLAG_FIELDS =
            Set.of("state", "variants", "defaultVariant", "targeting", "metadata");
    /** How deeply {@code $ref}s may lead into one another before the chain counts as a cycle. */
    private static final int MAX_REF_DEPTH = 32;

    private final String source;
    private final boolean compile;
    private final List<DefinitionError> errors = new ArrayList<>();
    private Map<?, ?> evaluators = Map.of();

    private FlagdReader(String source, boolean compile) {
        this.source = source;
        this.compile = compile;
    }

    static Definitions parse(String source, byte[] utf8) {
        return parse(source, utf8, true);
    }

    /** Reads, compiling targeting into rules where it maps, or (to test the compiler) interpreting all of it. */
    static Definitions parse(String source, byte[] utf8, boolean compile) {
        return new FlagdReader(source, compile).root(DefinitionsReader.tree(source, utf8));
    }

    private void error(String path, String message) {
        errors.add(new DefinitionError(source, path, message));
    }

    private Definitions root(Object tree) {
        if (!(tree instanceof Map<?, ?> root)) {
            throw new DefinitionsException(List.of(new DefinitionError(
                    source, "", "expected a flagd flag definition object with 'flags' but got " + describe(tree))));
        }
        unknownFields(root, TOP_FIELDS, "");
        Object evaluatorsTree = root.get("$evaluators");
        if (evaluatorsTree instanceof Map<?, ?> map) {
            evaluators = map;
        } else if (evaluatorsTree != null) {
            error("$evaluators", "expected an object but got " + describe(evaluatorsTree));
        }
        Map<String, Object> setMetadata = metadata(root.get("metadata"), "metadata");
        List<FlagDefinition> flags = new ArrayList<>();
        Object flagsTree = root.get("flags");
        if (flagsTree == null) {
            error("flags", "missing flags (for no flags, write \"flags\": {})");
        } else if (!(flagsTree instanceof Map<?, ?> flagsMap)) {
            error("flags", "expected an object but got " + describe(flagsTree));
        } else {
            for (Map.Entry<?, ?> entry : flagsMap.entrySet()) {
                String key = String.valueOf(entry.getKey());
                FlagDefinition flag = flag(key, entry.getValue(), "flags." + key, setMetadata);
                if (flag != null) {
                    flags.add(flag);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DefinitionsException(errors);
        }
        return new Definitions(flags, List.<SegmentDefinition>of());
    }

    private @Nullable FlagDefinition flag(
            String key, @Nullable Object tree, String path, Map<String, Object> setMetadata) {
        if (!(tree instanceof Map<?, ?> fields)) {
            error(path, "expected a flag object but got " + describe(tree));
            return null;
        }
        int before = errors.size();
        unknownFields(fields, FLAG_FIELDS, path);
        FlagStatus status = FlagStatus.ACTIVE;
        Object state = fields.get("state");
        if (state == null) {
            error(path + ".state", "missing state (ENABLED or DISABLED)");
        } else if ("DISABLED".equals(state)) {
            status = FlagStatus.PAUSED;
        } else if (!"ENABLED".equals(state)) {
            error(path + ".state", "expected ENABLED or DISABLED but got " + describe(state));
        }
        Map<String, Object> variants = new LinkedHashMap<>();
        Object variantsTree = fields.get("variants");
        if (variantsTree == null) {
            error(path + ".variants", "missing variants");
        } else if (!(variantsTree instanceof Map<?, ?> variantsMap)) {
            error(path + ".variants", "expected an object but got " + describe(variantsTree));
        } else if (variantsMap.isEmpty()) {
            error(path + ".variants", "at least one variant is required");
        } else {
            variantsMap.forEach((name, value) -> {
                if (value == null) {
                    error(path + ".variants." + name, "missing value");
                } else {
                    variants.put(String.valueOf(name), value);
                }
            });
        }
        FlagType type = type(variants, path + ".variants");
        String defaultVariant = null;
        Object defaultTree = fields.get("defaultVariant");
        if (defaultTree instanceof String name) {
            if (!variants.isEmpty() && !variants.containsKey(name)) {
                error(
                        path + ".defaultVariant",
                        "unknown variant '" + name + "' (expected one of " + String.join(", ", variants.keySet())
                                + ")");
            }
            defaultVariant = name;
        } else if (defaultTree != null) {
            error(path + ".defaultVariant", "expected a variant name but got " + describe(defaultTree));
        }
        Map<String, Object> metadata = new LinkedHashMap<>(setMetadata);
        metadata.putAll(metadata(fields.get("metadata"), path + ".metadata")); // the flag's own win
        Object targeting = fields.get("targeting");
        if (targeting != null && !(targeting instanceof Map<?, ?>)) {
            error(path + ".targeting", "expected a JSON Logic object but got " + describe(targeting));
        }
        if (errors.size() > before || type == null) {
            return null;
        }
        FlagDefinition.Builder builder = FlagDefinition.builder(key)
                .type(type)
                .status(status)
                .defaultVariant(defaultVariant)
                .offVariant(null); // flagd serves the caller's default while a flag is disabled
        variants.forEach(builder::variant);
        metadata.forEach(builder::metadata);
        targeting(builder, key, targeting, path + ".targeting", variants.keySet());
        return builder.build();
    }

    private void targeting(
            FlagDefinition.Builder builder, String key, @Nullable Object tree, String path, Set<String> variants) {
        if (tree == null || (tree instanceof Map<?, ?> empty && empty.isEmpty())) {
            return; // static
        }
        Object resolved;
        try {
            resolved = resolveRefs(tree, path, 0);
        } catch (UnresolvedRef e) {
            broken(builder, tree, String.valueOf(e.getMessage()));
            return;
        }
        String problem = JsonLogic.check(resolved, path);
        if (problem != null) {
            broken(builder, tree, problem);
            return;
        }
        FlagdTargeting interpreted = new FlagdTargeting(resolved);
        String source = json(resolved);
        if (compile && resolved instanceof Map<?, ?> targeting) {
            TargetingCompiler.Compiled compiled = TargetingCompiler.compile(key, targeting, variants);
            if (compiled != null) {
                FlagdGuard guard = FlagdGuard.of(compiled, interpreted, resolved);
                if (guard != null) {
                    builder.rule(new Rule(
                            GUARD_RULE,
                            null,
                            List.of(),
                            new Serve.Computed(FlagdGuard.LANGUAGE, guard.source(), guard)));
                }
                compiled.rules().forEach(builder::rule);
                builder.salt(compiled.salt()).bucketBy(compiled.bucketBy());
                return;
            }
        }
        // A $ref to a literal evaluator leaves a literal, which JSON Logic evaluates to itself. The
        // source is the targeting with its $refs resolved, so that it stands alone in a store.
        builder.rule(new Rule(INTERPRETED_RULE, null, List.of(), new Serve.Computed(LANGUAGE, source, interpreted)));
    }

    /**
     * What makes stored targeting (its {@code $ref}s resolved when it was read) impossible to
     * evaluate: a {@code $ref} left unresolved or an unknown operator; {@code null} when it
     * evaluates.
     */
    static @Nullable String problem(@Nullable Object tree, String path) {
        try {
            new FlagdReader("stored targeting", false).resolveRefs(tree, path, 0);
        } catch (UnresolvedRef e) {
            return e.getMessage();
        }
        return JsonLogic.check(tree, path);
    }

    /** A flag whose targeting cannot be evaluated: it loads, and answers PARSE_ERROR naming the place. */
    private void broken(FlagDefinition.Builder builder, Object tree, String problem) {
        String message = source + ": " + problem;
        log.warn("flagd targeting cannot be evaluated; the flag answers PARSE_ERROR: {}", message);
        builder.rule(new Rule(
                INTERPRETED_RULE,
                null,
                List.of(),
                new Serve.Computed(LANGUAGE, json(tree), FlagdTargeting.failing(message))));
    }

    /** The tree with every {@code {"$ref": name}} replaced by that evaluator, itself resolved. */
    private @Nullable Object resolveRefs(@Nullable Object tree, String path, int depth) {
        if (tree instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("$ref")) {
                Object name = map.get("$ref");
                if (!(name instanceof String ref) || !evaluators.containsKey(ref)) {
                    throw new UnresolvedRef(path + ": $ref '" + name + "' names no entry of $evaluators"
                            + (evaluators.isEmpty()
                                    ? " (the file has none)"
                                    : " (has " + String.join(", ", keys(evaluators)) + ")"));
                }
                if (depth >= MAX_REF_DEPTH) {
                    throw new UnresolvedRef(path + ": $ref '" + ref + "' leads through more than " + MAX_REF_DEPTH
                            + " evaluators (a cycle?)");
                }
                return resolveRefs(evaluators.get(ref), "$evaluators." + ref, depth + 1);
            }
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), resolveRefs(entry.getValue(), path + "." + entry.getKey(), depth));
            }
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(resolveRefs(list.get(i), path + "[" + i + "]", depth));
            }
            return copy;
        }
        return tree;
    }

    private static List<String> keys(Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        map.keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }

    /** A {@code $ref} that cannot be resolved; stackless, it reports the file, not the program. */
    private static final class UnresolvedRef extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnresolvedRef(String message) {
            super(message, null, false, false);
        }
    }

    /** The one type the variants share, as flagd infers it; null (and an error) when they mix. */
    private @Nullable FlagType type(Map<String, Object> variants, String path) {
        if (variants.isEmpty()) {
            return null;
        }
        FlagType type = null;
        String first = null;
        for (Map.Entry<String, Object> entry : variants.entrySet()) {
            FlagType each = typeOf(entry.getValue());
            if (type == null) {
                type = each;
                first = entry.getKey();
            } else if (type != each) {
                if ((type == FlagType.INTEGER && each == FlagType.DOUBLE)
                        || (type == FlagType.DOUBLE && each == FlagType.INTEGER)) {
                    type = FlagType.DOUBLE; // 1 and 0.5: numbers, served as doubles
                } else {
                    error(
                            path,
                            "variants must share one type: '" + first + "' is " + article(type) + ", '" + entry.getKey()
                                    + "' is " + article(each));
                    return null;
                }
            }
        }
        return type;
    }

    private static FlagType typeOf(Object value) {
        if (value instanceof Boolean) {
            return FlagType.BOOLEAN;
        }
        if (value instanceof String) {
            return FlagType.STRING;
        }
        if (value instanceof Integer) {
            return FlagType.INTEGER;
        }
        if (value instanceof Number) {
            return FlagType.DOUBLE; // a fraction, or an integer beyond 32 bits
        }
        return FlagType.OBJECT;
    }

    private static String article(FlagType type) {
        return switch (type) {
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case DOUBLE -> "a number";
            case OBJECT -> "an object";
        };
    }

    private Map<String, Object> metadata(@Nullable Object tree, String path) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (tree == null) {
            return metadata;
        }
        if (!(tree instanceof Map<?, ?> map)) {
            error(path, "expected an object but got " + describe(tree));
            return metadata;
        }
        map.forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                metadata.put(String.valueOf(name), value);
            } else {
                error(path + "." + name, "expected a string, number or boolean but got " + describe(value));
            }
        });
        return metadata;
    }

    private void unknownFields(Map<?, ?> map, Set<String> known, String path) {
        for (Object field : map.keySet()) {
            if (!known.contains(String.valueOf(field))) {
                error(
                        path.isEmpty() ? String.valueOf(field) : path + "." + field,
                        "unknown field '" + field + "' (expected one of "
                                + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String describe(@Nullable Object value) {
        return Values.describe(Values.normalize(value));
    }

    private static String json(@Nullable Object tree) {
        return DefinitionsWriter.json(tree).strip();
    }
}
