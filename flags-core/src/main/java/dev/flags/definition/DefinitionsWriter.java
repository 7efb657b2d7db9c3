package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes flag definitions in the documented definitions format, the inverse of
 * {@link DefinitionsReader}: {@code DefinitionsReader.parseTree(source, toTree(d))} equals
 * {@code d}. Defaults are left out (an active boolean flag with {@code on}/{@code off} variants is
 * written without type, status and variants), dates and instants are ISO-8601 strings.
 *
 * <p>The tree consists of insertion-ordered maps, lists, strings, booleans and numbers; the text
 * forms are YAML (block style) and compact JSON.
 */
public final class DefinitionsWriter {

    private DefinitionsWriter() {}

    /**
     * The tree of a whole definitions document.
     *
     * @param definitions the definitions
     * @return a map with {@code flags} and, when there are any, {@code segments}
     */
    public static Map<String, Object> toTree(Definitions definitions) {
        requireNonNull(definitions, "definitions");
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> flags = new LinkedHashMap<>();
        for (FlagDefinition flag : definitions.flags()) {
            flags.put(flag.key(), toTree(flag));
        }
        root.put("flags", flags);
        if (!definitions.segments().isEmpty()) {
            Map<String, Object> segments = new LinkedHashMap<>();
            for (SegmentDefinition segment : definitions.segments()) {
                segments.put(segment.key(), toTree(segment));
            }
            root.put("segments", segments);
        }
        return root;
    }

    /**
     * The tree of one flag: the value under {@code flags.<key>}, without the key itself.
     *
     * @param flag the flag
     * @return its fields, defaults left out
     */
    public static Map<String, Object> toTree(FlagDefinition flag) {
        requireNonNull(flag, "flag");
        Map<String, Object> tree = new LinkedHashMap<>();
        if (flag.type() != FlagType.BOOLEAN) {
            tree.put("type", flag.type().id());
        }
        putIfNotEmpty(tree, "description", flag.description());
        putIfNotEmpty(tree, "owner", flag.owner());
        putIfNotEmpty(tree, "tags", flag.tags());
        putIfNotNull(tree, "created", date(flag.created()));
        putIfNotNull(tree, "review-by", date(flag.reviewBy()));
        if (flag.status() != FlagStatus.ACTIVE) {
            tree.put("status", flag.status().id());
        }
        putIfNotNull(tree, "active-from", instant(flag.activeFrom()));
        putIfNotNull(tree, "active-until", instant(flag.activeUntil()));
        putIfNotEmpty(tree, "environments", flag.environments());
        if (!isDefaultBooleanVariants(flag)) {
            Map<String, Object> variants = new LinkedHashMap<>();
            flag.variants().forEach((name, value) -> variants.put(name, value(value)));
            tree.put("variants", variants);
        }
        // Written even when there is none (flagd's flags), which the reader takes as the caller's default.
        tree.put("default-variant", flag.defaultVariant());
        if (!isDefaultBooleanVariants(flag)) {
            putIfNotNull(tree, "off-variant", flag.offVariant());
        }
        putIfNotNull(tree, "bucket-by", flag.bucketBy());
        putIfNotNull(tree, "salt", flag.salt());
        if (!flag.prerequisites().isEmpty()) {
            List<Object> prerequisites = new ArrayList<>();
            for (Prerequisite prerequisite : flag.prerequisites()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("flag", prerequisite.flag());
                if (prerequisite.variants().size() == 1) {
                    item.put("variant", prerequisite.variants().get(0));
                } else {
                    item.put("variants", new ArrayList<>(prerequisite.variants()));
                }
                prerequisites.add(item);
            }
            tree.put("prerequisites", prerequisites);
        }
        if (!flag.targets().isEmpty()) {
            Map<String, Object> targets = new LinkedHashMap<>();
            flag.targets().forEach((variant, keys) -> targets.put(variant, new ArrayList<>(keys)));
            tree.put("targets", targets);
        }
        if (!flag.rules().isEmpty()) {
            List<Object> rules = new ArrayList<>();
            for (int i = 0; i < flag.rules().size(); i++) {
                rules.add(rule(flag.rules().get(i), i));
            }
            tree.put("rules", rules);
        }
        if (flag.fallthrough() != null) {
            tree.put("fallthrough", serve(flag.fallthrough()));
        }
        if (!flag.metadata().isEmpty()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            flag.metadata().forEach((name, value) -> metadata.put(name, value(value)));
            tree.put("metadata", metadata);
        }
        Experiment experiment = flag.experiment();
        if (experiment != null) {
            Map<String, Object> fields = new LinkedHashMap<>();
            putIfNotEmpty(fields, "hypothesis", experiment.hypothesis());
            fields.put("control-variant", experiment.controlVariant());
            fields.put("conversions", new ArrayList<>(experiment.conversions()));
            fields.put("start", experiment.start().toString());
            fields.put("end", experiment.end().toString());
            putIfNotNull(fields, "rule", experiment.rule());
            if (!experiment.metrics().isEmpty()) {
                Map<String, Object> metrics = new LinkedHashMap<>();
                for (ExperimentMetric metric : experiment.metrics()) {
                    Map<String, Object> metricFields = new LinkedHashMap<>();
                    metricFields.put("type", metric.type().id());
                    metricFields.put("conversion", metric.conversion());
                    putIfNotNull(metricFields, "denominator", metric.denominator());
                    if (!metric.higherIsBetter()) {
                        metricFields.put("higher-is-better", false);
                    }
                    if (metric.guardrail()) {
                        metricFields.put("guardrail", true);
                    }
                    putIfNotNull(metricFields, "covariate", metric.covariate());
                    metrics.put(metric.name(), metricFields);
                }
                fields.put("metrics", metrics);
            }
            Experiment.Analysis analysis = experiment.analysis();
            if (!analysis.isEmpty()) {
                Map<String, Object> analysisFields = new LinkedHashMap<>();
                putIfNotNull(analysisFields, "method", analysis.method());
                putIfNotNull(analysisFields, "correction", analysis.correction());
                putIfNotNull(analysisFields, "alpha", analysis.alpha());
                fields.put("analysis", analysisFields);
            }
            tree.put("experiment", fields);
        }
        return tree;
    }

    /**
     * The tree of one segment: the value under {@code segments.<key>}, without the key itself.
     *
     * @param segment the segment
     * @return its fields, empty ones left out
     */
    public static Map<String, Object> toTree(SegmentDefinition segment) {
        requireNonNull(segment, "segment");
        Map<String, Object> tree = new LinkedHashMap<>();
        putIfNotEmpty(tree, "description", segment.description());
        putIfNotEmpty(tree, "included", segment.included());
        putIfNotEmpty(tree, "excluded", segment.excluded());
        if (!segment.rules().isEmpty()) {
            List<Object> rules = new ArrayList<>();
            for (List<Condition> when : segment.rules()) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("when", conditions(when));
                rules.add(rule);
            }
            tree.put("rules", rules);
        }
        return tree;
    }

    /**
     * Definitions as a YAML document in block style.
     *
     * @param definitions the definitions
     * @return the YAML text
     */
    public static String toYaml(Definitions definitions) {
        return yaml(toTree(definitions));
    }

    /**
     * Any tree from this class as YAML in block style.
     *
     * @param tree a tree of maps, lists and scalars
     * @return the YAML text
     */
    public static String yaml(Object tree) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .build();
        return new Dump(settings).dumpToString(tree);
    }

    /**
     * Definitions as a compact JSON document.
     *
     * @param definitions the definitions
     * @return the JSON text
     */
    public static String toJson(Definitions definitions) {
        return json(toTree(definitions));
    }

    /**
     * One flag as compact JSON: the object under {@code flags.<key>}.
     *
     * @param flag the flag
     * @return the JSON text
     */
    public static String toJson(FlagDefinition flag) {
        return json(toTree(flag));
    }

    /**
     * One segment as compact JSON: the object under {@code segments.<key>}.
     *
     * @param segment the segment
     * @return the JSON text
     */
    public static String toJson(SegmentDefinition segment) {
        return json(toTree(segment));
    }

    /**
     * Any tree of maps, lists, strings, booleans, numbers and {@code null} as compact JSON.
     *
     * @param tree the tree
     * @return the JSON text
     * @throws IllegalArgumentException for a value JSON cannot hold, such as {@code NaN}
     */
    public static String json(@Nullable Object tree) {
        StringBuilder out = new StringBuilder();
        writeJson(tree, out);
        return out.toString();
    }

    private static void writeJson(@Nullable Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold the number " + d);
            }
            out.append(d);
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(String.valueOf(entry.getKey()), out);
                out.append(':');
                writeJson(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(list.get(i), out);
            }
            out.append(']');
        } else {
            quote(String.valueOf(value(value)), out);
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isDefaultBooleanVariants(FlagDefinition flag) {
        return flag.type() == FlagType.BOOLEAN
                && flag.variants().size() == 2
                && Boolean.TRUE.equals(flag.variants().get("on"))
                && Boolean.FALSE.equals(flag.variants().get("off"))
                && flag.variants().keySet().iterator().next().equals("on")
                && "off".equals(flag.offVariant());
    }

    private static Map<String, Object> rule(Rule rule, int index) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (!rule.id().equals("rule-" + (index + 1))) {
            tree.put("id", rule.id());
        }
        putIfNotNull(tree, "name", rule.name());
        if (!rule.when().isEmpty()) {
            tree.put("when", conditions(rule.when()));
        }
        tree.put("serve", serve(rule.serve()));
        return tree;
    }

    private static List<Object> conditions(List<Condition> conditions) {
        List<Object> list = new ArrayList<>();
        for (Condition condition : conditions) {
            Map<String, Object> tree = new LinkedHashMap<>();
            putIfNotNull(tree, "attribute", condition.attribute());
            tree.put("operator", condition.operator().id());
            if (condition.operator().arity() == Operator.Arity.ONE
                    && condition.values().size() == 1) {
                tree.put("value", value(condition.values().get(0)));
            } else if (!condition.values().isEmpty()) {
                List<Object> values = new ArrayList<>();
                for (Object value : condition.values()) {
                    values.add(value(value));
                }
                tree.put("values", values);
            }
            if (condition.negate()) {
                tree.put("negate", true);
            }
            list.add(tree);
        }
        return list;
    }

    private static Map<String, Object> serve(Serve serve) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (serve instanceof Serve.Scheduled scheduled) {
            if (scheduled.initial() != null) {
                simpleServe(scheduled.initial(), tree);
            }
            List<Object> steps = new ArrayList<>();
            for (Serve.Step step : scheduled.steps()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("at", step.at().toString());
                simpleServe(step.serve(), item);
                steps.add(item);
            }
            tree.put("steps", steps);
        } else {
            simpleServe(serve, tree);
        }
        return tree;
    }

    private static void simpleServe(Serve serve, Map<String, Object> tree) {
        if (serve instanceof Serve.Fixed fixed) {
            tree.put("variant", fixed.variant());
        } else if (serve instanceof Serve.Distribution distribution) {
            Map<String, Object> weights = new LinkedHashMap<>();
            for (Serve.Weight weight : distribution.weights()) {
                weights.put(weight.variant(), weight.weight());
            }
            tree.put("distribution", weights);
            if (distribution.targetingMatch()) {
                tree.put("reason", "targeting-match");
            }
        } else if (serve instanceof Serve.Progressive progressive) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("variant", progressive.variant());
            fields.put("otherwise", progressive.otherwise());
            fields.put("start", progressive.start().toString());
            fields.put("end", progressive.end().toString());
            if (progressive.fromPercent() != 0) {
                fields.put("from", number(progressive.fromPercent()));
            }
            if (progressive.toPercent() != 100) {
                fields.put("to", number(progressive.toPercent()));
            }
            tree.put("progressive", fields);
        } else if (serve instanceof Serve.Computed computed) {
            // Read back through the ComputedLanguage of its language (flags-flagd for flagd's).
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("language", computed.language());
            fields.put("source", computed.source());
            tree.put("computed", fields);
        } else {
            throw new IllegalArgumentException("A schedule cannot be nested in a schedule: " + serve);
        }
    }

    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (Object) (int) d : (Object) d;
    }

    /** Values in variants, metadata and conditions: instants become ISO strings, containers are copied. */
    private static @Nullable Object value(@Nullable Object value) {
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), value(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(value(element));
            }
            return copy;
        }
        return value;
    }

    private static @Nullable String date(@Nullable LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static @Nullable String instant(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void putIfNotNull(Map<String, Object> tree, String field, @Nullable Object value) {
        if (value != null) {
            tree.put(field, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> tree, String field, String value) {
        if (!value.isEmpty()) {
            tree.put(field, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> tree, String field, List<String> values) {
        if (!values.isEmpty()) {
            tree.put(field, new ArrayList<>(values));
        }
    }
}
