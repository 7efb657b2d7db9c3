package dev.flags.autoconfigure;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Turns {@code flags.definitions} and {@code flags.segments} as Spring binds them into core
 * {@link Definitions}.
 *
 * <p>Spring reads {@code application.yml} as YAML 1.1, where unquoted {@code on} and {@code off}
 * become {@code true} and {@code false}, keys included. A boolean flag without variants gets the
 * variants {@code on} and {@code off}, and one written with {@code on: true, off: false} arrives as
 * {@code true} and {@code false}; for such flags every variant name {@code true} or {@code false}
 * (default, off variant, targets, serves, prerequisites naming them) is read back as {@code on} or
 * {@code off}, so the same file means the same in YAML 1.1 and 1.2.
 *
 * <p>Spring's binder also hands every scalar over as a string. The core reads variant values by the
 * flag's type; here distribution weights and the values of numeric conditions ({@code less-than},
 * {@code greater-than}, ...) are read back as numbers. Values of {@code equals} and {@code in}
 * stay strings.
 *
 * <p>Variant values of {@code object} flags may be written as a JSON (or YAML flow) string, which
 * keeps their numbers and booleans typed, or as nested YAML, whose lists arrive as maps keyed
 * {@code 0}, {@code 1}, ... and are turned back into lists (their scalars stay strings).
 */
final class PropertyDefinitions {

    static final String SOURCE = "application properties (flags.*)";

    private PropertyDefinitions() {}

    static Definitions read(Map<String, Object> flags, Map<String, Object> segments) {
        Map<String, Object> flagTrees = new LinkedHashMap<>();
        flags.forEach((key, tree) -> flagTrees.put(key, copy(tree)));
        Set<String> onOffFlags = new java.util.HashSet<>();
        flagTrees.forEach((key, tree) -> {
            if (tree instanceof Map<?, ?> fields && isOnOff(fields)) {
                onOffFlags.add(key);
            }
        });
        flagTrees.forEach((key, tree) -> {
            if (tree instanceof Map<?, ?> fields) {
                normalize(asMap(fields), onOffFlags.contains(key), onOffFlags);
            }
        });
        Object segmentTrees = copy(segments);
        if (segmentTrees instanceof Map<?, ?> bySegment) {
            for (Object segment : bySegment.values()) {
                if (segment instanceof Map<?, ?> fields) {
                    for (Object rule : items(fields.get("rules"))) {
                        if (rule instanceof Map<?, ?> ruleFields) {
                            conditions(ruleFields.get("when"));
                        }
                    }
                }
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("flags", flagTrees);
        root.put("segments", segmentTrees);
        return DefinitionsReader.parseTree(SOURCE, root);
    }

    /** A boolean flag whose variants are implicit, or exactly {@code true}/{@code false} named by value. */
    private static boolean isOnOff(Map<?, ?> fields) {
        Object type = fields.get("type");
        if (type != null && !"boolean".equals(type)) {
            return false;
        }
        Object variants = fields.get("variants");
        if (variants == null) {
            return true;
        }
        if (variants instanceof Map<?, ?> named && named.size() == 2) {
            return "true".equals(String.valueOf(named.get("true")))
                    && "false".equals(String.valueOf(named.get("false")));
        }
        return false;
    }

    private static final Set<String> NUMERIC_OPERATORS =
            Set.of("less-than", "less-than-or-equal", "greater-than", "greater-than-or-equal");

    private static void normalize(Map<String, Object> fields, boolean onOff, Set<String> onOffFlags) {
        if ("object".equals(fields.get("type")) && fields.get("variants") instanceof Map<?, ?> variants) {
            Map<String, Object> read = new LinkedHashMap<>();
            variants.forEach((name, value) -> read.put(String.valueOf(name), objectValue(value)));
            fields.put("variants", read);
        }
        for (Object rule : items(fields.get("rules"))) {
            if (rule instanceof Map<?, ?> ruleFields) {
                Map<String, Object> r = asMap(ruleFields);
                conditions(r.get("when"));
                numbers(r.get("serve"));
            }
        }
        numbers(fields.get("fallthrough"));
        if (onOff) {
            Object variants = fields.get("variants");
            if (variants instanceof Map<?, ?> named) {
                Map<String, Object> renamed = new LinkedHashMap<>();
                named.forEach((name, value) -> renamed.put(variantName(String.valueOf(name)), value));
                fields.put("variants", renamed);
            }
            rename(fields, "default-variant");
            rename(fields, "off-variant");
            if (fields.get("targets") instanceof Map<?, ?> targets) {
                Map<String, Object> renamed = new LinkedHashMap<>();
                targets.forEach((name, keys) -> renamed.put(variantName(String.valueOf(name)), keys));
                fields.put("targets", renamed);
            }
            for (Object rule : items(fields.get("rules"))) {
                if (rule instanceof Map<?, ?> ruleFields) {
                    Map<String, Object> r = asMap(ruleFields);
                    r.put("serve", serve(r.get("serve")));
                }
            }
            if (fields.containsKey("fallthrough")) {
                fields.put("fallthrough", serve(fields.get("fallthrough")));
            }
        }
        for (Object prerequisite : items(fields.get("prerequisites"))) {
            if (prerequisite instanceof Map<?, ?> p && onOffFlags.contains(String.valueOf(p.get("flag")))) {
                Map<String, Object> pf = asMap(p);
                rename(pf, "variant");
                Object variants = pf.get("variants");
                if (variants != null) {
                    List<Object> renamed = new ArrayList<>();
                    for (Object v : items(variants)) {
                        renamed.add(v == null ? null : variantName(String.valueOf(v)));
                    }
                    pf.put("variants", renamed);
                }
            }
        }
    }

    private static @Nullable Object objectValue(@Nullable Object value) {
        if (value instanceof String text && !text.isBlank()) {
            try {
                return new Load(LoadSettings.builder().build()).loadFromString(text);
            } catch (YamlEngineException notJson) {
                return text; // the core reports that it is not an object, with its path
            }
        }
        return lists(value);
    }

    /** Turns maps keyed 0, 1, ... (Spring's binding of lists) back into lists, recursively. */
    private static @Nullable Object lists(@Nullable Object tree) {
        List<Object> items = tree instanceof Map<?, ?> ? DefinitionsReader.items(tree) : null;
        if (items != null) {
            items.replaceAll(PropertyDefinitions::lists);
            return items;
        }
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), lists(v)));
            return copy;
        }
        return tree;
    }

    /** Reads the values of numeric conditions as numbers. */
    static void conditions(@Nullable Object when) {
        for (Object condition : items(when)) {
            if (condition instanceof Map<?, ?> c && NUMERIC_OPERATORS.contains(String.valueOf(c.get("operator")))) {
                Map<String, Object> fields = asMap(c);
                fields.computeIfPresent("value", (k, v) -> number(v));
            }
        }
    }

    /** Reads distribution weights as whole numbers, in a serve and its steps. */
    private static void numbers(@Nullable Object serve) {
        if (serve instanceof Map<?, ?> m) {
            Map<String, Object> fields = asMap(m);
            weights(fields);
            for (Object step : items(fields.get("steps"))) {
                if (step instanceof Map<?, ?> s) {
                    weights(asMap(s));
                }
            }
        }
    }

    private static void weights(Map<String, Object> fields) {
        if (fields.get("distribution") instanceof Map<?, ?> weights) {
            Map<String, Object> read = new LinkedHashMap<>();
            weights.forEach((name, weight) -> read.put(String.valueOf(name), number(weight)));
            fields.put("distribution", read);
        }
    }

    private static @Nullable Object number(@Nullable Object value) {
        if (value instanceof String text) {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException notAnInteger) {
                try {
                    return Double.valueOf(text);
                } catch (NumberFormatException notANumber) {
                    return text; // the core reports it with its path
                }
            }
        }
        return value;
    }

    private static @Nullable Object serve(@Nullable Object serve) {
        if (serve instanceof String || serve instanceof Boolean) {
            // a bare variant name; YAML 1.1 read an unquoted on/off as a boolean
            return variantName(String.valueOf(serve));
        }
        if (serve instanceof Map<?, ?> m) {
            Map<String, Object> fields = asMap(m);
            simpleServe(fields);
            for (Object step : items(fields.get("steps"))) {
                if (step instanceof Map<?, ?> s) {
                    simpleServe(asMap(s));
                }
            }
        }
        return serve;
    }

    private static void simpleServe(Map<String, Object> fields) {
        rename(fields, "variant");
        if (fields.get("distribution") instanceof Map<?, ?> weights) {
            Map<String, Object> renamed = new LinkedHashMap<>();
            weights.forEach((name, weight) -> renamed.put(variantName(String.valueOf(name)), weight));
            fields.put("distribution", renamed);
        }
        if (fields.get("progressive") instanceof Map<?, ?> p) {
            Map<String, Object> progressive = asMap(p);
            rename(progressive, "variant");
            rename(progressive, "otherwise");
        }
    }

    private static void rename(Map<String, Object> fields, String field) {
        Object value = fields.get(field);
        if (value != null) {
            fields.put(field, variantName(String.valueOf(value)));
        }
    }

    private static String variantName(String name) {
        return switch (name) {
            case "true" -> "on";
            case "false" -> "off";
            default -> name;
        };
    }

    /** The items of a bound list; none for anything else, which the core then reports with its path. */
    private static List<Object> items(@Nullable Object tree) {
        List<Object> items = DefinitionsReader.items(tree);
        return items == null ? List.of() : items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** A deep, mutable copy, so normalizing never touches the bound properties. */
    private static @Nullable Object copy(@Nullable Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object item : list) {
                copy.add(copy(item));
            }
            return copy;
        }
        return tree;
    }
}
