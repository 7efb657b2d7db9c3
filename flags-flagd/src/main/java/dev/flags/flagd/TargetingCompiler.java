package dev.flags.flagd;

import dev.flags.definition.Condition;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.flags.internal.Murmur3;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compiles flagd targeting into rules where this project's model means exactly what JSON Logic
 * means, so that it evaluates at the engine's speed. Anything else answers {@code null} and is
 * left to {@link JsonLogic}. What compiles:
 *
 * <ul>
 *   <li>an {@code if} chain, nested {@code if}s in its else branch included, whose branches name
 *       variants of the flag, are {@code null} at the end (the default variant), or are a
 *       {@code fractional};
 *   <li>conditions {@code ==} and {@code ===} of a {@code var} and a string, {@code in} of a
 *       {@code var} and a list of strings, {@code starts_with} and {@code ends_with} of a
 *       {@code var} and a string, combined with {@code and} and {@code or};
 *   <li>{@code fractional} with string variants and non-negative integer weights, bucketing by
 *       the targeting key (the shorthand) or by {@code cat} of {@code $flagd.flagKey} or a string
 *       and a {@code var}: the engine's distribution hashes salt then value exactly so.
 * </ul>
 *
 * {@code ==} with a string compiles to {@code in} of everything JSON Logic finds loosely equal to
 * it among strings, numbers and booleans; {@link FlagdGuard} interprets the contexts rules would
 * still read otherwise (lists and objects, lists on a path, a non-string bucketing value).
 *
 * <p>Not compiled, because a rule would answer differently: {@code !}, {@code !=} (true for a missing
 * attribute, while a negated condition on it stays false), {@code ==} with a number or a boolean
 * (JSON Logic converts a string attribute to compare), {@code sem_ver} (flagd's {@code ^} and {@code ~}
 * compare major and minor only, npm's ranges do not), a targeting that is not an {@code if} or a
 * {@code fractional} (its value may be {@code true}, {@code false} or {@code null}), {@code $flagd}
 * variables, and the built-in names {@code groups} and {@code environment}, which the engine reads
 * from the context's own fields.
 */
final class TargetingCompiler {

    /** More alternatives than this after expanding {@code or}s is not worth compiling. */
    private static final int MAX_ALTERNATIVES = 64;

    private static final Set<String> RESERVED = Set.of("groups", "environment");

    private final String flagKey;
    private final Set<String> variants;
    private final List<Rule> rules = new ArrayList<>();
    /** Indexes of distributions guarded by {@code exists}, which never pass on to the next rule. */
    private final Set<Integer> guarded = new java.util.HashSet<>();

    private int branches;
    private @Nullable String salt;
    private @Nullable String bucketBy;
    private boolean bucketingSet;
    /**
     * For the distribution just compiled from a {@code cat}, the variant flagd picks when the
     * attribute is missing: {@code cat} joins a missing value as "", so flagd hashes the salt
     * alone. The distribution is then guarded by {@code exists} and followed by this variant.
     */
    private @Nullable String whenMissing;

    /** Attributes compared by JSON Logic's loose {@code ==}, which a list or an object there makes textual. */
    private final Set<String> loose = new java.util.LinkedHashSet<>();
    /** Dotted attributes, which JSON Logic reads through lists by index and the engine does not. */
    private final Set<String> paths = new java.util.LinkedHashSet<>();

    /**
     * Rules, the flag's bucketing when a rule distributes, and what the rules read differently from
     * JSON Logic: attributes compared with {@code ==} (a list or an object there compares as its
     * text) and the {@code bucket-by} attribute (a value that is not a string hashes as JSON Logic
     * writes it). A context with such values is interpreted ({@link FlagdGuard}).
     */
    record Compiled(
            List<Rule> rules,
            @Nullable String salt,
            @Nullable String bucketBy,
            List<String> loose,
            List<String> paths) {}

    private TargetingCompiler(String flagKey, Set<String> variants) {
        this.flagKey = flagKey;
        this.variants = variants;
    }

    /** The targeting as rules, or {@code null} when it must be interpreted. */
    static @Nullable Compiled compile(String flagKey, Map<?, ?> targeting, Set<String> variants) {
        TargetingCompiler compiler = new TargetingCompiler(flagKey, variants);
        if (!compiler.top(targeting)) {
            return null;
        }
        List<Rule> rules = compiler.rules;
        for (int i = 0; i < rules.size() - 1; i++) {
            if (rules.get(i).serve() instanceof Serve.Distribution && !compiler.guarded.contains(i)) {
                // Without a bucketing value a distribution passes to the next rule; JSON Logic's
                // fractional answers null there, which stops at the default variant.
                return null;
            }
        }
        return new Compiled(
                rules, compiler.salt, compiler.bucketBy, List.copyOf(compiler.loose), List.copyOf(compiler.paths));
    }

    private boolean top(Map<?, ?> targeting) {
        Object ifArgs = operand(targeting, "if");
        if (ifArgs instanceof List<?> chain) {
            return chain(chain);
        }
        Object fractional = operand(targeting, "fractional");
        if (fractional instanceof List<?> args) {
            Serve serve = distribution(args);
            if (serve == null) {
                return false;
            }
            add("fractional", List.of(), serve);
            return true;
        }
        return false;
    }

    /** An if chain: condition, branch, condition, branch, ..., else. */
    private boolean chain(List<?> args) {
        int i = 0;
        for (; i + 1 < args.size(); i += 2) {
            List<List<Condition>> alternatives = condition(args.get(i));
            if (alternatives == null) {
                return false;
            }
            Serve serve = branch(args.get(i + 1));
            if (serve == null) {
                return false; // a null branch before the end would stop at the default variant: not a rule
            }
            branches++;
            String id = "if-" + branches;
            for (int a = 0; a < alternatives.size(); a++) {
                add(alternatives.size() == 1 ? id : id + "-or-" + (a + 1), alternatives.get(a), serve);
            }
        }
        if (i == args.size()) {
            return true; // no else: the default variant
        }
        Object last = args.get(i);
        if (last == null) {
            return true;
        }
        if (last instanceof Map<?, ?> nested && operand(nested, "if") instanceof List<?> inner) {
            return chain(inner);
        }
        Serve serve = branch(last);
        if (serve == null) {
            return false;
        }
        add("else", List.of(), serve);
        return true;
    }

    /** Adds a rule; a distribution bucketing by a {@code cat} also gets the rule for a missing attribute. */
    private void add(String id, List<Condition> when, Serve serve) {
        String missing = serve instanceof Serve.Distribution ? whenMissing : null;
        String attribute = bucketBy;
        if (missing == null || attribute == null) {
            rules.add(new Rule(id, null, when, serve));
            return;
        }
        List<Condition> present = new ArrayList<>(when);
        present.add(new Condition(attribute, Operator.EXISTS, List.of(), false));
        rules.add(new Rule(id, null, present, serve));
        guarded.add(rules.size() - 1);
        rules.add(new Rule(id + "-without-" + varName(attribute), null, when, Serve.variant(missing)));
    }

    private @Nullable Serve branch(@Nullable Object value) {
        if (value instanceof String variant) {
            return variants.contains(variant) ? Serve.variant(variant) : null; // else an error at evaluation
        }
        if (value instanceof Map<?, ?> map && operand(map, "fractional") instanceof List<?> args) {
            return distribution(args);
        }
        return null;
    }

    /** The condition as alternatives, each a list of conditions that must all hold; null if it does not map. */
    private @Nullable List<List<Condition>> condition(@Nullable Object logic) {
        if (!(logic instanceof Map<?, ?> map) || map.size() != 1) {
            return null;
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        if (!(entry.getValue() instanceof List<?> args)) {
            return null;
        }
        String operator = String.valueOf(entry.getKey());
        switch (operator) {
            case "==", "===" -> {
                if (args.size() != 2) {
                    return null;
                }
                String attribute = attribute(args.get(0));
                Object value = args.get(1);
                if (attribute == null) {
                    attribute = attribute(args.get(1));
                    value = args.get(0);
                }
                if (attribute == null || !(value instanceof String text)) {
                    return null;
                }
                if (operator.equals("===")) {
                    return one(Condition.of(attribute, Operator.EQUALS, text));
                }
                List<Object> equal = looselyEqual(text);
                if (equal == null) {
                    return null;
                }
                if (!attribute.equals("targetingKey")) {
                    loose.add(varName(attribute)); // the targeting key is always a string
                }
                return one(
                        equal.size() == 1
                                ? Condition.of(attribute, Operator.EQUALS, text)
                                : new Condition(attribute, Operator.IN, equal, false));
            }
            case "in" -> {
                if (args.size() != 2 || !(args.get(1) instanceof List<?> list) || list.isEmpty()) {
                    return null;
                }
                String attribute = attribute(args.get(0));
                for (Object item : list) {
                    if (!(item instanceof String)) {
                        return null;
                    }
                }
                return attribute == null
                        ? null
                        : one(new Condition(attribute, Operator.IN, new ArrayList<Object>(list), false));
            }
            case "starts_with", "ends_with" -> {
                if (args.size() != 2 || !(args.get(1) instanceof String affix)) {
                    return null;
                }
                String attribute = attribute(args.get(0));
                return attribute == null
                        ? null
                        : one(Condition.of(
                                attribute,
                                operator.equals("starts_with") ? Operator.STARTS_WITH : Operator.ENDS_WITH,
                                affix));
            }
            case "and" -> {
                List<List<Condition>> product = new ArrayList<>();
                product.add(List.of());
                for (Object arg : args) {
                    List<List<Condition>> part = condition(arg);
                    if (part == null || product.size() * part.size() > MAX_ALTERNATIVES) {
                        return null;
                    }
                    List<List<Condition>> next = new ArrayList<>();
                    for (List<Condition> left : product) {
                        for (List<Condition> right : part) {
                            List<Condition> both = new ArrayList<>(left);
                            both.addAll(right);
                            next.add(both);
                        }
                    }
                    product = next;
                }
                return args.isEmpty() ? null : product;
            }
            case "or" -> {
                List<List<Condition>> union = new ArrayList<>();
                for (Object arg : args) {
                    List<List<Condition>> part = condition(arg);
                    if (part == null || union.size() + part.size() > MAX_ALTERNATIVES) {
                        return null;
                    }
                    union.addAll(part);
                }
                return args.isEmpty() ? null : union;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The strings, numbers and booleans that JSON Logic's {@code ==} finds equal to a string: the
     * string itself, the number JavaScript reads from it, and {@code true} for 1 or {@code false}
     * for 0; {@code null} when a rule cannot hold them (an infinite number).
     */
    private static @Nullable List<Object> looselyEqual(String text) {
        List<Object> equal = new ArrayList<>();
        equal.add(text);
        double number = JsonLogic.number(text);
        if (Double.isInfinite(number)) {
            return null;
        }
        if (!Double.isNaN(number)) {
            equal.add(number == 0 ? 0.0 : number); // -0 == 0 in JavaScript
            if (number == 1) {
                equal.add(true);
            } else if (number == 0) {
                equal.add(false);
            }
        }
        return equal;
    }

    /** The name as JSON Logic's {@code var} wrote it. */
    static String varName(String attribute) {
        return attribute.startsWith(".") ? attribute.substring(1) : attribute;
    }

    private static List<List<Condition>> one(Condition condition) {
        return List.of(List.of(condition));
    }

    /**
     * The attribute a plain {@code var} reads, or null for anything else. A dotted name becomes a
     * path with a leading dot, which reads only the nested value as JSON Logic does, never a flat
     * attribute of the whole name; the guard interprets contexts where such a path runs through a
     * list, which JSON Logic indexes.
     */
    private @Nullable String attribute(@Nullable Object logic) {
        if (!(logic instanceof Map<?, ?> map)) {
            return null;
        }
        Object path = operand(map, "var");
        if (path instanceof List<?> list) {
            path = list.size() == 1 ? list.get(0) : null; // a default value is not a rule's business
        }
        if (!(path instanceof String name) || name.isEmpty() || name.startsWith("$flagd") || RESERVED.contains(name)) {
            return null;
        }
        if (name.indexOf('\\') >= 0) {
            return null; // the engine's paths escape with it
        }
        if (name.indexOf('.') < 0) {
            return name;
        }
        String[] names = name.split("\\.", -1);
        for (String part : names) {
            if (part.isEmpty()) {
                return null; // JSON Logic reads an empty key there; the engine's paths have none
            }
        }
        if (RESERVED.contains(names[0]) || names[0].equals("targetingKey")) {
            return null; // the engine reads these from the context's own fields
        }
        paths.add(name);
        return "." + name;
    }

    private @Nullable Serve distribution(List<?> args) {
        if (args.isEmpty()) {
            return null;
        }
        String flagSalt;
        String by;
        int first;
        if (args.get(0) instanceof List<?>) {
            flagSalt = null;
            by = null;
            first = 0;
        } else {
            if (!(args.get(0) instanceof Map<?, ?> expression)
                    || !(operand(expression, "cat") instanceof List<?> cat)
                    || cat.size() != 2) {
                return null;
            }
            by = attribute(cat.get(1));
            if (by == null) {
                return null;
            }
            if (cat.get(0) instanceof String literal && !literal.isEmpty()) {
                flagSalt = literal.equals(flagKey) ? null : literal;
            } else if (cat.get(0) instanceof Map<?, ?> variable && "$flagd.flagKey".equals(operand(variable, "var"))) {
                flagSalt = null;
            } else {
                return null;
            }
            first = 1;
        }
        if (bucketingSet && (!java.util.Objects.equals(salt, flagSalt) || !java.util.Objects.equals(bucketBy, by))) {
            return null; // the engine buckets a flag one way
        }
        Serve.Distribution distribution = null;
        long total = 0;
        for (int i = first; i < args.size(); i++) {
            if (!(args.get(i) instanceof List<?> entry) || entry.isEmpty() || entry.size() > 2) {
                return null;
            }
            if (!(entry.get(0) instanceof String variant) || !variants.contains(variant)) {
                return null;
            }
            int weight = 1;
            if (entry.size() == 2) {
                if (!(entry.get(1) instanceof Integer w) || w < 0) {
                    return null;
                }
                weight = w;
            }
            total += weight;
            distribution = distribution == null ? Serve.split(variant, weight) : distribution.and(variant, weight);
        }
        if (distribution == null || total <= 0 || total > Integer.MAX_VALUE) {
            return null;
        }
        distribution = distribution.reportingTargetingMatch(); // flagd answers TARGETING_MATCH
        salt = flagSalt;
        bucketBy = by;
        bucketingSet = true;
        whenMissing = by == null ? null : pick(distribution, flagSalt == null ? flagKey : flagSalt, total);
        return distribution;
    }

    /** The variant the distribution gives the salt hashed alone. */
    private static String pick(Serve.Distribution distribution, String saltText, long total) {
        long bucket = Murmur3.bucket(Murmur3.hash(saltText.getBytes(StandardCharsets.UTF_8), ""), total);
        long running = 0;
        for (Serve.Weight weight : distribution.weights()) {
            running += weight.weight();
            if (running > bucket) {
                return weight.variant();
            }
        }
        throw new IllegalStateException("bucket " + bucket + " beyond the total " + total);
    }

    private static @Nullable Object operand(Map<?, ?> map, String operator) {
        return map.size() == 1 ? map.get(operator) : null;
    }
}
