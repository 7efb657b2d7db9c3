package dev.flags.definition;

import dev.flags.internal.DateTimes;
import dev.flags.internal.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads flag definitions from YAML or JSON (YAML 1.2, so {@code on} and {@code off} are plain
 * strings) or from an already parsed tree such as Spring's bound properties, and validates them.
 * Every problem is reported at once with its source and path; nothing is returned unless all of it
 * is valid.
 *
 * <p>Whatever the input, the reader throws nothing but {@link DefinitionsException}: text that is
 * empty or only whitespace and comments (what a truncating write leaves for a moment) is refused,
 * while an explicit empty document ({@code flags: {}}) means no flags; bytes that are not UTF-8 are
 * refused with their byte offset; input nested deeper than {@value #MAX_DEPTH} levels is refused
 * with the path where it goes too deep; a {@code null} where a flag, segment, rule, condition,
 * step, prerequisite or value is expected is refused with its path.
 */
public final class DefinitionsReader {

    /**
     * How deeply maps and lists may nest, counted from the document's root: {@code flags} is level
     * 1, a flag 2, its {@code variants} 3, a variant's value 4. Deeper input is refused.
     */
    public static final int MAX_DEPTH = 64;

    private static final Set<String> TOP_FIELDS = Set.of("flags", "segments", "$schema");
    private static final Set<String> FLAG_FIELDS = Set.of(
            "type",
            "description",
            "owner",
            "tags",
            "created",
            "review-by",
            "status",
            "active-from",
            "active-until",
            "environments",
            "variants",
            "default-variant",
            "off-variant",
            "bucket-by",
            "salt",
            "prerequisites",
            "targets",
            "rules",
            "fallthrough",
            "metadata",
            "experiment");
    private static final Set<String> RULE_FIELDS = Set.of("id", "name", "when", "serve");
    private static final Set<String> CONDITION_FIELDS = Set.of("attribute", "operator", "value", "values", "negate");
    private static final Set<String> SERVE_FIELDS =
            Set.of("variant", "distribution", "reason", "progressive", "computed", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("at", "variant", "distribution", "reason", "progressive");
    private static final Set<String> COMPUTED_FIELDS = Set.of("language", "source");
    /** The reasons a distribution may report: this project's, and flagd's for its fractional. */
    private static final String SPLIT = "split";

    private static final String TARGETING_MATCH = "targeting-match";
    private static final Set<String> PROGRESSIVE_FIELDS = Set.of("variant", "otherwise", "start", "end", "from", "to");
    private static final Set<String> PREREQUISITE_FIELDS = Set.of("flag", "variant", "variants");
    private static final Set<String> SEGMENT_FIELDS = Set.of("description", "included", "excluded", "rules");
    private static final Set<String> SEGMENT_RULE_FIELDS = Set.of("when");
    private static final Set<String> EXPERIMENT_FIELDS =
            Set.of("hypothesis", "control-variant", "conversions", "start", "end", "rule", "metrics", "analysis");
    private static final Set<String> ANALYSIS_FIELDS = Set.of("method", "correction", "alpha");
    private static final Set<String> METRIC_FIELDS =
            Set.of("type", "conversion", "denominator", "higher-is-better", "guardrail", "covariate");

    private final String source;
    private final List<DefinitionError> errors = new ArrayList<>();

    private DefinitionsReader(String source) {
        this.source = source;
    }

    /**
     * Reads and validates definitions from YAML or JSON text.
     *
     * @param source names the origin in error messages, for example {@code flags.yml}
     * @param text the document, with top-level {@code flags} and {@code segments}
     * @return the valid definitions
     * @throws DefinitionsException listing every problem
     */
    public static Definitions read(String source, String text) {
        return parse(source, text).requireValid(source);
    }

    private static @Nullable Object yaml(String source, String text) {
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setAllowDuplicateKeys(false)
                    .setLabel(source)
                    .setMaxAliasesForCollections(50)
                    .build();
            return new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new DefinitionsException(
                    List.of(new DefinitionError(source, "", "not valid YAML or JSON: " + oneLine(e.getMessage()))));
        } catch (StackOverflowError e) { // the YAML parser recurses per level; far deeper than MAX_DEPTH
            throw new DefinitionsException(List.of(new DefinitionError(source, "", tooDeep())));
        }
    }

    private static String tooDeep() {
        return "nested deeper than " + MAX_DEPTH + " levels";
    }

    /**
     * Decodes UTF-8 strictly, so a stray Latin-1 byte is reported instead of becoming U+FFFD.
     *
     * @throws DefinitionsException naming the byte offset of the first malformed sequence
     */
    private static String utf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new DefinitionsException(List.of(new DefinitionError(
                    source,
                    "",
                    "not valid UTF-8: byte 0x"
                            + String.format("%02X", bytes[offset] & 0xFF)
                            + " at byte offset " + offset
                            + " (save the file as UTF-8)")));
        }
        out.flip();
        return out.toString();
    }

    /**
     * Reads YAML or JSON bytes, checking structure but not meaning; see {@link #parseTree}.
     *
     * @param source names the origin in error messages
     * @param utf8 the document's bytes, UTF-8
     * @return the definitions, not yet validated
     * @throws DefinitionsException listing every structural problem, including bytes that are not
     *     UTF-8 (with their offset)
     */
    public static Definitions parse(String source, byte[] utf8) {
        return parse(source, utf8(source, utf8));
    }

    /**
     * Reads and validates definitions from a file.
     *
     * @param file a YAML or JSON file
     * @return the valid definitions
     * @throws DefinitionsException listing every problem, prefixed with the file name
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Definitions read(Path file) {
        try {
            String source = String.valueOf(file.getFileName());
            return parse(source, Files.readAllBytes(file)).requireValid(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read flag definitions from " + file, e);
        }
    }

    /**
     * Reads and validates definitions from a stream, which is closed afterwards.
     *
     * @param source names the origin in error messages
     * @param in the YAML or JSON bytes, UTF-8
     * @return the valid definitions
     * @throws DefinitionsException listing every problem
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Definitions read(String source, InputStream in) {
        try (in) {
            return parse(source, in.readAllBytes()).requireValid(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read flag definitions from " + source, e);
        }
    }

    /**
     * Reads and validates definitions from a parsed tree of maps, lists and scalars. Maps whose keys
     * are {@code 0}, {@code 1}, ... are read as lists, as Spring's property binding produces them.
     *
     * @param source names the origin in error messages
     * @param tree the root, a map with {@code flags} and {@code segments}
     * @return the valid definitions
     * @throws DefinitionsException listing every problem
     */
    public static Definitions fromTree(String source, Object tree) {
        return parseTree(source, tree).requireValid(source);
    }

    /**
     * Reads definitions from a parsed tree, checking their structure but not their meaning, so that
     * definitions from several sources can be validated together ({@link Definitions#validate()}).
     *
     * @param source names the origin in error messages
     * @param tree the root, a map with {@code flags} and {@code segments}
     * @return the definitions, not yet validated
     * @throws DefinitionsException listing every structural problem
     */
    public static Definitions parseTree(String source, Object tree) {
        DefinitionsReader reader = new DefinitionsReader(source);
        String deep = tooDeepAt(tree, "", 0);
        if (deep != null) {
            // Refused before anything recurses over it: walking it would overflow the stack.
            throw new DefinitionsException(List.of(new DefinitionError(source, deep, tooDeep())));
        }
        Definitions definitions = reader.root(tree);
        if (!reader.errors.isEmpty()) {
            // Report what the model shows too, so one round trip lists every problem.
            for (DefinitionError error : definitions.validate()) {
                if (reader.errors.stream().noneMatch(e -> error.path().startsWith(e.path()))) {
                    reader.errors.add(error.withSource(source));
                }
            }
            throw new DefinitionsException(reader.errors);
        }
        return definitions;
    }

    /**
     * Reads YAML or JSON text, checking structure but not meaning; see {@link #parseTree}.
     *
     * @param source names the origin in error messages
     * @param text the document
     * @return the definitions, not yet validated
     * @throws DefinitionsException listing every structural problem
     */
    public static Definitions parse(String source, String text) {
        return parseTree(source, tree(source, text));
    }

    /**
     * Parses a YAML or JSON document into maps, lists and scalars, with the limits this reader
     * applies to its own format: strict UTF-8, no duplicate keys, at most {@link #MAX_DEPTH}
     * levels, no empty document. For readers of other formats (flagd's), so that every file format
     * meets the same limits.
     *
     * @param source names the origin in error messages
     * @param utf8 the document's bytes
     * @return the root of the document
     * @throws DefinitionsException naming what is wrong
     */
    public static Object tree(String source, byte[] utf8) {
        Object tree = tree(source, utf8(source, utf8));
        String deep = tooDeepAt(tree, "", 0);
        if (deep != null) {
            throw new DefinitionsException(List.of(new DefinitionError(source, deep, tooDeep())));
        }
        return tree;
    }

    private static Object tree(String source, String text) {
        Object tree = text.isBlank() ? null : yaml(source, text);
        if (tree == null) {
            throw new DefinitionsException(List.of(new DefinitionError(
                    source, "", "empty document (for no flags, write 'flags: {}'; the definitions were not changed)")));
        }
        return tree;
    }

    /**
     * The path of the first map or list nested deeper than {@link #MAX_DEPTH}, or {@code null}. The
     * recursion stops at the limit, so it never goes deeper than {@link #MAX_DEPTH} frames.
     */
    private static @Nullable String tooDeepAt(@Nullable Object tree, String path, int depth) {
        if (!(tree instanceof Map<?, ?>) && !(tree instanceof List<?>)) {
            return null;
        }
        if (depth >= MAX_DEPTH) {
            return path;
        }
        if (tree instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String deep = tooDeepAt(entry.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1);
                if (deep != null) {
                    return deep;
                }
            }
        } else {
            List<?> list = (List<?>) tree;
            for (int i = 0; i < list.size(); i++) {
                String deep = tooDeepAt(list.get(i), path + "[" + i + "]", depth + 1);
                if (deep != null) {
                    return deep;
                }
            }
        }
        return null;
    }

    private static String oneLine(@Nullable String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private void error(String path, String message) {
        errors.add(new DefinitionError(source, path, message));
    }

    /** Whether the item is there; reports a {@code null} item, which would otherwise vanish silently. */
    private boolean present(@Nullable Object item, String path, String what) {
        if (item == null) {
            error(path, "missing " + what + " (got null)");
            return false;
        }
        return true;
    }

    private Definitions root(Object tree) {
        Map<String, Object> root = map(tree, "");
        if (root == null) {
            return Definitions.EMPTY;
        }
        checkFields(root, TOP_FIELDS, "");
        List<FlagDefinition> flags = new ArrayList<>();
        Map<String, Object> flagTrees = map(root.get("flags"), "flags");
        if (flagTrees != null) {
            flagTrees.forEach((key, value) -> {
                if (value == null) {
                    error("flags." + key, "missing flag definition (got null)");
                    return;
                }
                FlagDefinition flag = flag(key, value, "flags." + key);
                if (flag != null) {
                    flags.add(flag);
                }
            });
        }
        List<SegmentDefinition> segments = new ArrayList<>();
        Map<String, Object> segmentTrees = map(root.get("segments"), "segments");
        if (segmentTrees != null) {
            segmentTrees.forEach((key, value) -> {
                if (value == null) {
                    error("segments." + key, "missing segment definition (got null)");
                } else {
                    segments.add(segment(key, value, "segments." + key));
                }
            });
        }
        return new Definitions(flags, segments);
    }

    private @Nullable FlagDefinition flag(String key, Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, FLAG_FIELDS, path);
        FlagDefinition.Builder builder = FlagDefinition.builder(key);
        Map<String, Object> variants = map(fields.get("variants"), path + ".variants");
        String typeName = string(fields.get("type"), path + ".type");
        FlagType type = FlagType.BOOLEAN;
        if (typeName != null) {
            FlagType named = FlagType.fromId(typeName);
            if (named == null) {
                error(
                        path + ".type",
                        "unknown type '" + typeName + "' (expected one of " + ids(FlagType.values()) + ")");
                type = variants == null || variants.isEmpty()
                        ? FlagType.BOOLEAN
                        : typeOf(variants.values().iterator().next());
            } else {
                type = named;
            }
        }
        builder.type(type);
        FlagType finalType = type;
        if (variants != null) {
            variants.forEach((name, value) -> {
                if (value == null) {
                    error(path + ".variants." + name, "missing value");
                } else {
                    builder.variant(name, coerce(finalType, value));
                }
            });
        }
        if (!fields.containsKey("default-variant")) {
            // The model allows none (flagd's files have flags without one), written as an explicit
            // null; this format requires the field, so that leaving it out by mistake is an error.
            error(
                    path + ".default-variant",
                    "missing default variant (write default-variant: null to serve the caller's default)");
        }
        builder.defaultVariant(string(fields.get("default-variant"), path + ".default-variant"));
        if (fields.containsKey("off-variant")) {
            builder.offVariant(string(fields.get("off-variant"), path + ".off-variant"));
        }
        builder.description(orEmpty(string(fields.get("description"), path + ".description")));
        builder.owner(orEmpty(string(fields.get("owner"), path + ".owner")));
        builder.tags(strings(fields.get("tags"), path + ".tags"));
        builder.created(date(fields.get("created"), path + ".created"));
        builder.reviewBy(date(fields.get("review-by"), path + ".review-by"));
        String statusName = string(fields.get("status"), path + ".status");
        if (statusName != null) {
            FlagStatus status = FlagStatus.fromId(statusName);
            if (status == null) {
                error(
                        path + ".status",
                        "unknown status '" + statusName + "' (expected one of " + ids(FlagStatus.values()) + ")");
            } else {
                builder.status(status);
            }
        }
        builder.activeFrom(instant(fields.get("active-from"), path + ".active-from"));
        builder.activeUntil(instant(fields.get("active-until"), path + ".active-until"));
        builder.environments(strings(fields.get("environments"), path + ".environments"));
        builder.bucketBy(string(fields.get("bucket-by"), path + ".bucket-by"));
        builder.salt(string(fields.get("salt"), path + ".salt"));
        List<Object> prerequisites = list(fields.get("prerequisites"), path + ".prerequisites");
        for (int i = 0; i < prerequisites.size(); i++) {
            Prerequisite prerequisite =
                    present(prerequisites.get(i), path + ".prerequisites[" + i + "]", "prerequisite")
                            ? prerequisite(prerequisites.get(i), path + ".prerequisites[" + i + "]")
                            : null;
            if (prerequisite != null) {
                builder.prerequisite(prerequisite);
            }
        }
        Map<String, Object> targets = map(fields.get("targets"), path + ".targets");
        if (targets != null) {
            targets.forEach((variant, keys) -> {
                if (present(keys, path + ".targets." + variant, "targeting keys")) {
                    builder.target(
                            variant, strings(keys, path + ".targets." + variant).toArray(String[]::new));
                }
            });
        }
        List<Object> rules = list(fields.get("rules"), path + ".rules");
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = present(rules.get(i), path + ".rules[" + i + "]", "rule")
                    ? rule(rules.get(i), path + ".rules[" + i + "]", i)
                    : null;
            if (rule != null) {
                builder.rule(rule);
            }
        }
        if (fields.get("fallthrough") != null) {
            builder.fallthrough(serve(fields.get("fallthrough"), path + ".fallthrough"));
        }
        Map<String, Object> metadata = map(fields.get("metadata"), path + ".metadata");
        if (metadata != null) {
            metadata.forEach((name, value) -> {
                if (value == null) {
                    error(path + ".metadata." + name, "missing value");
                } else {
                    builder.metadata(name, value);
                }
            });
        }
        if (fields.get("experiment") != null) {
            builder.experiment(experiment(fields.get("experiment"), path + ".experiment"));
        }
        return builder.build();
    }

    /** Spring's property binding hands every scalar over as a string; read those by the flag's type. */
    private static Object coerce(FlagType type, Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return switch (type) {
                case BOOLEAN -> "true".equals(text) || "false".equals(text) ? Boolean.valueOf(text) : text;
                case INTEGER -> Integer.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                default -> text;
            };
        } catch (NumberFormatException notANumber) {
            return text;
        }
    }

    private static FlagType typeOf(@Nullable Object value) {
        for (FlagType type : FlagType.values()) {
            if (type.accepts(Values.normalize(value))) {
                return type;
            }
        }
        return FlagType.STRING;
    }

    private @Nullable Experiment experiment(Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, EXPERIMENT_FIELDS, path);
        String hypothesis = string(fields.get("hypothesis"), path + ".hypothesis");
        String control = required(
                string(fields.get("control-variant"), path + ".control-variant"), fields, "control-variant", path);
        List<String> conversions = strings(fields.get("conversions"), path + ".conversions");
        Instant start = required(instant(fields.get("start"), path + ".start"), fields, "start", path);
        Instant end = required(instant(fields.get("end"), path + ".end"), fields, "end", path);
        String rule = string(fields.get("rule"), path + ".rule");
        List<ExperimentMetric> metrics = new ArrayList<>();
        Map<String, Object> declared = map(fields.get("metrics"), path + ".metrics");
        if (declared != null) {
            declared.forEach((name, metric) -> {
                ExperimentMetric read = metric(name, metric, path + ".metrics." + name);
                if (read != null) {
                    metrics.add(read);
                }
            });
        }
        Experiment.Analysis analysis = Experiment.Analysis.EMPTY;
        Map<String, Object> analysisFields = map(fields.get("analysis"), path + ".analysis");
        if (analysisFields != null) {
            checkFields(analysisFields, ANALYSIS_FIELDS, path + ".analysis");
            analysis = new Experiment.Analysis(
                    string(analysisFields.get("method"), path + ".analysis.method"),
                    string(analysisFields.get("correction"), path + ".analysis.correction"),
                    number(analysisFields.get("alpha"), path + ".analysis.alpha"));
        }
        if (control == null || start == null || end == null) {
            return null;
        }
        return new Experiment(orEmpty(hypothesis), control, conversions, start, end, rule, metrics, analysis);
    }

    private @Nullable ExperimentMetric metric(String name, @Nullable Object tree, String path) {
        if (tree == null) {
            error(path, "missing metric (expected a map with type and conversion)");
            return null;
        }
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, METRIC_FIELDS, path);
        String typeId = required(string(fields.get("type"), path + ".type"), fields, "type", path);
        ExperimentMetric.Type type = typeId == null ? null : ExperimentMetric.Type.of(typeId);
        if (typeId != null && type == null) {
            List<String> ids = new ArrayList<>();
            for (ExperimentMetric.Type known : ExperimentMetric.Type.values()) {
                ids.add(known.id());
            }
            error(
                    path + ".type",
                    "unknown metric type '" + typeId + "' (expected one of " + String.join(", ", ids) + ")");
        }
        String conversion =
                required(string(fields.get("conversion"), path + ".conversion"), fields, "conversion", path);
        String denominator = string(fields.get("denominator"), path + ".denominator");
        Boolean higherIsBetter = bool(fields.get("higher-is-better"), path + ".higher-is-better");
        Boolean guardrail = bool(fields.get("guardrail"), path + ".guardrail");
        String covariate = string(fields.get("covariate"), path + ".covariate");
        if (type == null || conversion == null) {
            return null;
        }
        return new ExperimentMetric(
                name,
                type,
                conversion,
                denominator,
                higherIsBetter == null || higherIsBetter,
                guardrail != null && guardrail,
                covariate);
    }

    private @Nullable Prerequisite prerequisite(Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, PREREQUISITE_FIELDS, path);
        String flag = string(fields.get("flag"), path + ".flag");
        if (flag == null) {
            error(path + ".flag", "missing flag");
            return null;
        }
        List<String> variants = new ArrayList<>(strings(fields.get("variants"), path + ".variants"));
        String variant = string(fields.get("variant"), path + ".variant");
        if (variant != null) {
            variants.add(0, variant);
        }
        if (variants.isEmpty()) {
            error(path, "missing variant or variants");
            return null;
        }
        return new Prerequisite(flag, variants);
    }

    private @Nullable Rule rule(Object tree, String path, int index) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, RULE_FIELDS, path);
        String id = string(fields.get("id"), path + ".id");
        String name = string(fields.get("name"), path + ".name");
        List<Condition> when = conditions(fields.get("when"), path + ".when");
        if (fields.get("serve") == null) {
            error(path + ".serve", "missing serve");
            return null;
        }
        Serve serve = serve(fields.get("serve"), path + ".serve");
        if (serve == null) {
            return null;
        }
        return new Rule(id != null ? id : "rule-" + (index + 1), name, when, serve);
    }

    private List<Condition> conditions(@Nullable Object tree, String path) {
        List<Object> items = list(tree, path);
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Condition condition = present(items.get(i), path + "[" + i + "]", "condition")
                    ? condition(items.get(i), path + "[" + i + "]")
                    : null;
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return conditions;
    }

    private @Nullable Condition condition(Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, CONDITION_FIELDS, path);
        String attribute = string(fields.get("attribute"), path + ".attribute");
        String operatorName = string(fields.get("operator"), path + ".operator");
        Boolean negate = bool(fields.get("negate"), path + ".negate");
        if (fields.containsKey("value") && fields.containsKey("values")) {
            error(path, "set either value or values, not both");
        }
        List<Object> values = new ArrayList<>();
        if (fields.containsKey("value")) {
            if (present(fields.get("value"), path + ".value", "value")) {
                values.add(fields.get("value"));
            }
        } else {
            List<Object> items = list(fields.get("values"), path + ".values");
            for (int i = 0; i < items.size(); i++) {
                if (present(items.get(i), path + ".values[" + i + "]", "value")) {
                    values.add(items.get(i));
                }
            }
        }
        if (operatorName == null) {
            error(path + ".operator", "missing operator");
            return null;
        }
        Operator operator = Operator.fromId(operatorName);
        if (operator == null) {
            error(
                    path + ".operator",
                    "unknown operator '" + operatorName + "' (expected one of " + ids(Operator.values()) + ")");
            return null;
        }
        return new Condition(attribute, operator, values, Boolean.TRUE.equals(negate));
    }

    private @Nullable Serve serve(@Nullable Object tree, String path) {
        if (tree instanceof String variant) {
            return Serve.variant(variant);
        }
        if (tree instanceof Boolean || tree instanceof Number) {
            // a bare variant name read as a scalar (true, or YAML 1.1's on), as default-variant takes it
            return Serve.variant(String.valueOf(tree));
        }
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, SERVE_FIELDS, path);
        Serve base = simpleServe(fields, path, false);
        if (!fields.containsKey("steps")) {
            if (base == null && errorsAt(path) == 0) {
                error(path, "set one of variant, distribution, progressive, computed or steps");
            }
            return base;
        }
        List<Object> stepTrees = list(fields.get("steps"), path + ".steps");
        List<Serve.Step> steps = new ArrayList<>();
        for (int i = 0; i < stepTrees.size(); i++) {
            String stepPath = path + ".steps[" + i + "]";
            Map<String, Object> stepFields =
                    present(stepTrees.get(i), stepPath, "step") ? map(stepTrees.get(i), stepPath) : null;
            if (stepFields == null) {
                continue;
            }
            checkFields(stepFields, STEP_FIELDS, stepPath);
            Instant at = instant(stepFields.get("at"), stepPath + ".at");
            if (at == null && stepFields.get("at") == null) {
                error(stepPath + ".at", "missing at");
            }
            Serve serve = simpleServe(stepFields, stepPath, true);
            if (at != null && serve != null) {
                steps.add(new Serve.Step(at, serve));
            }
        }
        return new Serve.Scheduled(base, steps);
    }

    private long errorsAt(String path) {
        return errors.stream().filter(e -> e.path().startsWith(path)).count();
    }

    private @Nullable Serve simpleServe(Map<String, Object> fields, String path, boolean required) {
        List<String> kinds = new ArrayList<>();
        for (String kind : List.of("variant", "distribution", "progressive", "computed")) {
            if (fields.get(kind) != null) {
                kinds.add(kind);
            }
        }
        if (kinds.size() > 1) {
            error(path, "set only one of " + String.join(", ", kinds));
            return null;
        }
        if (fields.get("reason") != null && !kinds.equals(List.of("distribution"))) {
            error(path + ".reason", "only a distribution takes a reason");
        }
        if (kinds.isEmpty()) {
            if (required) {
                error(path, "set one of variant, distribution or progressive");
            }
            return null;
        }
        return switch (kinds.get(0)) {
            case "variant" -> {
                String variant = string(fields.get("variant"), path + ".variant");
                yield variant == null ? null : Serve.variant(variant);
            }
            case "distribution" -> {
                Serve.Distribution distribution = distribution(fields.get("distribution"), path + ".distribution");
                String reason = string(fields.get("reason"), path + ".reason");
                if (reason != null && !reason.equals(SPLIT) && !reason.equals(TARGETING_MATCH)) {
                    error(
                            path + ".reason",
                            "unknown reason '" + reason + "' (expected " + SPLIT + " or " + TARGETING_MATCH + ")");
                }
                yield distribution != null && TARGETING_MATCH.equals(reason)
                        ? distribution.reportingTargetingMatch()
                        : distribution;
            }
            case "computed" -> computed(fields.get("computed"), path + ".computed");
            default -> progressive(fields.get("progressive"), path + ".progressive");
        };
    }

    /** A computed serve, compiled again by the {@link ComputedLanguage} of its language. */
    private Serve.@Nullable Computed computed(@Nullable Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, COMPUTED_FIELDS, path);
        String language = required(string(fields.get("language"), path + ".language"), fields, "language", path);
        String code = required(string(fields.get("source"), path + ".source"), fields, "source", path);
        if (language == null || code == null) {
            return null;
        }
        ComputedLanguage reader = ComputedLanguages.find(language);
        if (reader == null) {
            List<String> known = ComputedLanguages.known();
            error(
                    path + ".language",
                    "no reader of '" + language + "' on the class path ("
                            + (known.isEmpty() ? "none is" : "found " + String.join(", ", known))
                            + "; flagd JSON Logic is read by dev.flags:flags-flagd)");
            return null;
        }
        try {
            return reader.read(code);
        } catch (IllegalArgumentException e) {
            error(path + ".source", String.valueOf(e.getMessage()));
            return null;
        }
    }

    private Serve.@Nullable Distribution distribution(@Nullable Object tree, String path) {
        Map<String, Object> weights = map(tree, path);
        if (weights == null) {
            return null;
        }
        List<Serve.Weight> list = new ArrayList<>();
        weights.forEach((variant, weight) -> {
            Object normalized = Values.normalize(weight);
            if (normalized instanceof Integer i) {
                list.add(new Serve.Weight(variant, i));
            } else {
                error(
                        path + "." + variant,
                        "weight must be a whole number from 0 to " + Integer.MAX_VALUE + " but got "
                                + Values.describe(normalized));
            }
        });
        return new Serve.Distribution(list);
    }

    private Serve.@Nullable Progressive progressive(@Nullable Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return null;
        }
        checkFields(fields, PROGRESSIVE_FIELDS, path);
        String variant = required(string(fields.get("variant"), path + ".variant"), fields, "variant", path);
        String otherwise = required(string(fields.get("otherwise"), path + ".otherwise"), fields, "otherwise", path);
        Instant start = required(instant(fields.get("start"), path + ".start"), fields, "start", path);
        Instant end = required(instant(fields.get("end"), path + ".end"), fields, "end", path);
        Double from = number(fields.get("from"), path + ".from");
        Double to = number(fields.get("to"), path + ".to");
        if (variant == null || otherwise == null || start == null || end == null) {
            return null;
        }
        return new Serve.Progressive(variant, otherwise, start, end, from == null ? 0 : from, to == null ? 100 : to);
    }

    private <T> @Nullable T required(@Nullable T value, Map<String, Object> fields, String field, String path) {
        if (value == null && fields.get(field) == null) {
            error(path + "." + field, "missing " + field);
        }
        return value;
    }

    private SegmentDefinition segment(String key, @Nullable Object tree, String path) {
        Map<String, Object> fields = map(tree, path);
        if (fields == null) {
            return SegmentDefinition.ofKeys(key);
        }
        checkFields(fields, SEGMENT_FIELDS, path);
        List<List<Condition>> rules = new ArrayList<>();
        List<Object> ruleTrees = list(fields.get("rules"), path + ".rules");
        for (int i = 0; i < ruleTrees.size(); i++) {
            String rulePath = path + ".rules[" + i + "]";
            Map<String, Object> ruleFields =
                    present(ruleTrees.get(i), rulePath, "rule") ? map(ruleTrees.get(i), rulePath) : null;
            if (ruleFields != null) {
                checkFields(ruleFields, SEGMENT_RULE_FIELDS, rulePath);
                rules.add(conditions(ruleFields.get("when"), rulePath + ".when"));
            }
        }
        return new SegmentDefinition(
                key,
                orEmpty(string(fields.get("description"), path + ".description")),
                strings(fields.get("included"), path + ".included"),
                strings(fields.get("excluded"), path + ".excluded"),
                rules);
    }

    private void checkFields(Map<String, Object> fields, Set<String> known, String path) {
        for (String field : fields.keySet()) {
            if (!known.contains(field)) {
                String suggestion = closest(field, known);
                error(
                        path.isEmpty() ? field : path + "." + field,
                        "unknown field '" + field + "'"
                                + (suggestion == null
                                        ? " (expected one of "
                                                + String.join(
                                                        ", ",
                                                        known.stream().sorted().toList()) + ")"
                                        : " (did you mean '" + suggestion + "'?)"));
            }
        }
    }

    private static @Nullable String closest(String field, Set<String> known) {
        return known.stream()
                .filter(k -> distance(field, k) <= Math.max(1, Math.min(2, k.length() / 3)))
                .min(Comparator.comparingInt((String k) -> distance(field, k)).thenComparing(k -> k))
                .orElse(null);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String ids(Enum<?>[] values) {
        List<String> ids = new ArrayList<>();
        for (Enum<?> value : values) {
            ids.add(
                    value instanceof FlagType t
                            ? t.id()
                            : value instanceof FlagStatus s ? s.id() : ((Operator) value).id());
        }
        return String.join(", ", ids);
    }

    private @Nullable Map<String, Object> map(@Nullable Object tree, String path) {
        if (tree == null) {
            return null;
        }
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), entry.getValue());
            }
            return copy;
        }
        error(path, "expected a map but got " + Values.describe(Values.normalize(tree)));
        return null;
    }

    private List<Object> list(@Nullable Object tree, String path) {
        if (tree == null) {
            return List.of();
        }
        List<Object> items = items(tree);
        if (items == null) {
            error(path, "expected a list but got " + Values.describe(Values.normalize(tree)));
            return List.of();
        }
        return items;
    }

    /**
     * The items of a list, where a map keyed {@code 0}, {@code 1}, ... counts as the list it stands
     * for: Spring's property binding hands lists over that way. The one place that reads such maps
     * as lists, for this reader and for the Spring starter's preparation of bound properties.
     *
     * @param tree a list, a map, a scalar or {@code null}
     * @return a mutable copy of the items in order, or {@code null} when {@code tree} is not a list
     *     or an indexed map
     */
    public static @Nullable List<Object> items(@Nullable Object tree) {
        if (tree instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (tree instanceof Map<?, ?> map && !map.isEmpty()) {
            List<Object> items = new ArrayList<>(map.size());
            for (int i = 0; i < map.size(); i++) {
                String index = String.valueOf(i);
                if (!map.containsKey(index)) {
                    return null;
                }
                items.add(map.get(index));
            }
            return items;
        }
        return null;
    }

    private List<String> strings(@Nullable Object tree, String path) {
        if (tree instanceof String single) {
            return List.of(single);
        }
        List<Object> items = list(tree, path);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String s = string(items.get(i), path + "[" + i + "]");
            if (s != null) {
                strings.add(s);
            } else if (items.get(i) == null) {
                error(path + "[" + i + "]", "missing value");
            }
        }
        return strings;
    }

    private @Nullable String string(@Nullable Object value, String path) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString(); // a YAML scalar like 2 or true where a name is meant
        }
        error(path, "expected a string but got " + Values.describe(Values.normalize(value)));
        return null;
    }

    private @Nullable Boolean bool(@Nullable Object value, String path) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value); // Spring's binder hands booleans over as strings
        }
        error(path, "expected true or false but got " + Values.describe(Values.normalize(value)));
        return null;
    }

    private @Nullable Double number(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.valueOf(s);
            } catch (NumberFormatException notANumber) {
                // reported below
            }
        }
        error(path, "expected a number but got " + Values.describe(Values.normalize(value)));
        return null;
    }

    private @Nullable LocalDate date(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        LocalDate date = value instanceof String s ? DateTimes.parseDate(s) : null;
        if (date == null) {
            error(
                    path,
                    "invalid date " + Values.describe(Values.normalize(value))
                            + " (expected ISO-8601, for example 2026-03-01)");
        }
        return date;
    }

    private @Nullable Instant instant(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        Instant instant = value instanceof String s ? DateTimes.parseInstant(s) : null;
        if (instant == null) {
            error(
                    path,
                    "invalid date-time " + Values.describe(Values.normalize(value))
                            + " (expected ISO-8601, for example 2026-03-01T09:00:00Z)");
        }
        return instant;
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
