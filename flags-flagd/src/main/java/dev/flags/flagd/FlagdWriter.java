package dev.flags.flagd;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes definitions as a flagd flag definition file. A flag is written only when flagd would serve
 * every context the same variant as this engine; a flag that uses what flagd cannot express is
 * left out and listed with the reason, rather than written to mean something else.
 */
final class FlagdWriter {

    private final Map<String, String> notWritten = new LinkedHashMap<>();

    private FlagdWriter() {}

    static FlagdExport write(Definitions definitions) {
        FlagdWriter writer = new FlagdWriter();
        Map<String, Object> flags = new LinkedHashMap<>();
        for (FlagDefinition flag : definitions.flags()) {
            try {
                flags.put(flag.key(), writer.flag(flag));
            } catch (NotExpressible e) {
                writer.notWritten.put(flag.key(), String.valueOf(e.getMessage()));
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://flagd.dev/schema/v0/flags.json");
        root.put("flags", flags);
        return new FlagdExport(DefinitionsWriter.json(root), writer.notWritten);
    }

    /** What flagd cannot express; stackless, it reports a flag, not a fault. */
    private static final class NotExpressible extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotExpressible(String message) {
            super(message, null, false, false);
        }
    }

    private Map<String, Object> flag(FlagDefinition flag) {
        if (flag.status() == FlagStatus.SCHEDULED) {
            throw new NotExpressible("status scheduled (an active window)");
        }
        if (!flag.environments().isEmpty()) {
            throw new NotExpressible("environments");
        }
        if (!flag.prerequisites().isEmpty()) {
            throw new NotExpressible("prerequisites");
        }
        if (flag.experiment() != null) {
            throw new NotExpressible("an experiment");
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        boolean on = flag.status() == FlagStatus.ACTIVE;
        tree.put("variants", flag.variants());
        if (!on) {
            // flagd serves the caller's default while disabled: an off variant is served as a static flag.
            tree.put("state", flag.offVariant() == null ? "DISABLED" : "ENABLED");
            if (flag.offVariant() != null) {
                tree.put("defaultVariant", flag.offVariant());
            }
            metadata(flag, tree);
            return order(tree);
        }
        tree.put("state", "ENABLED");
        Object flagdTargeting = flagdTargeting(flag);
        if (flagdTargeting != null) {
            // Read from a flagd file: its own targeting goes back as it was.
            if (flag.defaultVariant() != null) {
                tree.put("defaultVariant", flag.defaultVariant());
            }
            tree.put("targeting", flagdTargeting);
            metadata(flag, tree);
            return order(tree);
        }
        String defaultVariant = flag.defaultVariant();
        Serve fallthrough = flag.fallthrough();
        List<Object> chain = new ArrayList<>();
        flag.targets().forEach((variant, keys) -> {
            chain.add(op("in", List.of(var("targetingKey"), keys)));
            chain.add(variant);
        });
        for (int i = 0; i < flag.rules().size(); i++) {
            Rule rule = flag.rules().get(i);
            boolean last = i == flag.rules().size() - 1 && (fallthrough == null || fallthrough instanceof Serve.Fixed);
            chain.add(conditions(rule.when()));
            chain.add(serve(flag, rule.serve(), last, "rule '" + rule.id() + "'"));
        }
        if (fallthrough instanceof Serve.Fixed fixed) {
            defaultVariant = fixed.variant(); // served with reason DEFAULT in both engines
        } else if (fallthrough != null) {
            chain.add(serve(flag, fallthrough, true, "the fallthrough"));
        }
        if (defaultVariant != null) {
            tree.put("defaultVariant", defaultVariant);
        }
        if (!chain.isEmpty()) {
            tree.put("targeting", chain.size() == 1 ? chain.get(0) : op("if", chain));
        }
        metadata(flag, tree);
        return order(tree);
    }

    /**
     * The flagd targeting of a flag read from a flagd file: interpreted targeting as its only rule,
     * or compiled rules after their guard, which holds the targeting, as long as the rules are still
     * what that targeting compiles into. {@code null} for any other flag.
     */
    private static @Nullable Object flagdTargeting(FlagDefinition flag) {
        if (flag.rules().isEmpty()
                || !(flag.rules().get(0).serve() instanceof Serve.Computed computed)
                || !flag.targets().isEmpty()
                || flag.fallthrough() != null) {
            return null;
        }
        if (computed.language().equals(FlagdReader.LANGUAGE)) {
            if (flag.rules().size() != 1) {
                return null;
            }
            return FlagdLanguage.tree(computed.source());
        }
        if (!computed.language().equals(FlagdGuard.LANGUAGE)) {
            return null;
        }
        Object tree = FlagdLanguage.tree(computed.source());
        Object targeting = tree instanceof Map<?, ?> fields ? fields.get("targeting") : null;
        TargetingCompiler.Compiled compiled = targeting instanceof Map<?, ?> map
                ? TargetingCompiler.compile(flag.key(), map, flag.variants().keySet())
                : null;
        if (compiled == null
                || !compiled.rules().equals(flag.rules().subList(1, flag.rules().size()))
                || !java.util.Objects.equals(compiled.salt(), flag.salt())
                || !java.util.Objects.equals(compiled.bucketBy(), flag.bucketBy())) {
            throw new NotExpressible("its rules, compiled from flagd targeting, were changed since (the guard"
                    + " rule 'targeting' still holds the targeting they were compiled from: remove it, or edit the"
                    + " flagd file)");
        }
        return targeting;
    }

    private static Map<String, Object> order(Map<String, Object> tree) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String field : List.of("state", "variants", "defaultVariant", "targeting", "metadata")) {
            if (tree.containsKey(field)) {
                ordered.put(field, tree.get(field));
            }
        }
        return ordered;
    }

    private static void metadata(FlagDefinition flag, Map<String, Object> tree) {
        if (!flag.metadata().isEmpty()) {
            tree.put("metadata", flag.metadata());
        }
    }

    private Object serve(FlagDefinition flag, Serve serve, boolean last, String where) {
        if (serve instanceof Serve.Fixed fixed) {
            return fixed.variant();
        }
        if (serve instanceof Serve.Distribution distribution) {
            if (!last) {
                // Without a bucketing value this engine goes on to the next rule; flagd stops at the default.
                throw new NotExpressible(where + " distributes before other rules");
            }
            List<Object> args = new ArrayList<>();
            String bucketBy = flag.bucketBy();
            boolean explicit = bucketBy != null || flag.salt() != null;
            if (explicit) {
                Object salt = flag.salt() == null ? var("$flagd.flagKey") : flag.salt();
                args.add(op(
                        "cat", List.of(salt, var(bucketBy == null ? "targetingKey" : path(bucketBy, "bucket-by")))));
            }
            for (Serve.Weight weight : distribution.weights()) {
                args.add(List.of(weight.variant(), weight.weight()));
            }
            Object fractional = op("fractional", args);
            if (!explicit) {
                return fractional; // the shorthand buckets the targeting key and skips a missing or empty one, as we do
            }
            // Without a bucketing value this engine serves the default; cat() would hash the salt alone.
            Object missing = bucketBy == null
                    ? op("!", List.of(var("targetingKey")))
                    : op("==", java.util.Arrays.asList(var(path(bucketBy, "bucket-by")), null));
            return op("if", java.util.Arrays.asList(missing, null, fractional));
        }
        String kind = serve instanceof Serve.Progressive
                ? "a progressive rollout"
                : serve instanceof Serve.Scheduled ? "a schedule" : "targeting computed by code";
        throw new NotExpressible(where + " serves " + kind);
    }

    private Object conditions(List<Condition> when) {
        if (when.isEmpty()) {
            return true;
        }
        List<Object> all = new ArrayList<>();
        for (Condition condition : when) {
            all.add(condition(condition));
        }
        return all.size() == 1 ? all.get(0) : op("and", all);
    }

    private Object condition(Condition condition) {
        if (condition.operator() == Operator.IN_SEGMENT) {
            throw new NotExpressible("a condition in-segment (segments)");
        }
        if (condition.negate()) {
            throw new NotExpressible("a negated condition (a missing attribute answers differently)");
        }
        String attribute = String.valueOf(condition.attribute());
        if (attribute.contains("\\") || attribute.equals("groups") || attribute.equals("environment")) {
            throw new NotExpressible("a condition on '" + attribute + "'");
        }
        List<Object> values = condition.values();
        for (Object value : values) {
            if (!(value instanceof String)) {
                throw new NotExpressible("a condition " + condition.operator().id() + " on a non-string value ("
                        + "JSON Logic converts types where this engine does not)");
            }
        }
        Object var = var(path(attribute, "a condition"));
        return switch (condition.operator()) {
            // Strict: JSON Logic's == finds "1" equal to 1, this engine's equals does not.
            case EQUALS -> op("===", List.of(var, values.get(0)));
            case IN -> op("in", List.of(var, values));
            case STARTS_WITH, ENDS_WITH -> {
                String operator = condition.operator() == Operator.STARTS_WITH ? "starts_with" : "ends_with";
                List<Object> any = new ArrayList<>();
                for (Object value : values) {
                    any.add(op(operator, List.of(var, value)));
                }
                yield any.size() == 1 ? any.get(0) : op("or", any);
            }
            default ->
                throw new NotExpressible("a condition " + condition.operator().id());
        };
    }

    /**
     * The attribute as flagd's {@code var} names it. A leading dot (only the nested value) is what
     * flagd reads; an unescaped dotted name is not, since this engine reads a flat attribute of the
     * whole name first.
     */
    private static String path(String attribute, String where) {
        if (attribute.startsWith(".")) {
            return attribute.substring(1);
        }
        if (attribute.contains(".")) {
            throw new NotExpressible(where + " on the dotted attribute '" + attribute + "': this engine reads a flat"
                    + " attribute of that whole name first, flagd only the nested value (write '." + attribute
                    + "' for the nested value only)");
        }
        return attribute;
    }

    private static Map<String, Object> op(String operator, Object args) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put(operator, args);
        return tree;
    }

    private static Map<String, Object> var(@Nullable String path) {
        return op("var", String.valueOf(path));
    }
}
