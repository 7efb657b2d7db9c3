package dev.flags.flagd;

import dev.flags.definition.VariantFunction;
import dev.flags.internal.Murmur3;
import dev.flags.internal.SemanticVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A JSON Logic interpreter with flagd's operators ({@code fractional}, {@code sem_ver},
 * {@code starts_with}, {@code ends_with}), for the targeting that does not compile into rules.
 * Values are those of the parsed JSON: {@code null}, {@link Boolean}, {@link String},
 * {@link Number}, {@link List} and {@link Map}. The semantics are JavaScript's, as in the reference
 * implementation json-logic-js: loose equality, truthiness where {@code []}, {@code ""}, {@code 0}
 * and {@code null} are false, numbers as doubles. flagd's operators answer {@code null} for input
 * they cannot use, never throw, so that targeting falls back to the default variant.
 *
 * <p>Rules are checked once when they load ({@link #check}); evaluation then meets only known
 * operators. An unknown operator found at load time is reported through {@link Failure}.
 */
final class JsonLogic {

    static final Set<String> OPERATORS = Set.of(
            "var",
            "missing",
            "missing_some",
            "if",
            "?:",
            "==",
            "===",
            "!=",
            "!==",
            "!",
            "!!",
            "or",
            "and",
            ">",
            ">=",
            "<",
            "<=",
            "max",
            "min",
            "+",
            "-",
            "*",
            "/",
            "%",
            "map",
            "filter",
            "reduce",
            "all",
            "none",
            "some",
            "merge",
            "in",
            "cat",
            "substr",
            "log",
            "fractional",
            "sem_ver",
            "starts_with",
            "ends_with");

    /** The flag key flagd's {@code fractional} shorthand hashes before the targeting key. */
    static final String FLAG_KEY = "flagKey";

    private JsonLogic() {}

    /**
     * The first problem in a rule, as {@code path: message}, or {@code null} when every operation is
     * one this interpreter knows and has an argument list it can read.
     */
    static @Nullable String check(@Nullable Object rule, String path) {
        if (rule instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String problem = check(list.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (!(rule instanceof Map<?, ?> map)) {
            return null;
        }
        if (map.size() != 1) {
            return path + ": an operation has exactly one operator, found " + map.size() + " keys " + map.keySet();
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String operator = String.valueOf(entry.getKey());
        if (!OPERATORS.contains(operator)) {
            return path + ": unknown operator '" + operator + "'";
        }
        return check(entry.getValue(), path + "." + operator);
    }

    /**
     * Evaluates a checked rule against the data (the context's attributes, {@code targetingKey} and
     * {@code $flagd}).
     */
    static @Nullable Object apply(@Nullable Object rule, @Nullable Object data) {
        if (rule instanceof List<?> list) {
            List<Object> values = new ArrayList<>(list.size());
            for (Object item : list) {
                values.add(apply(item, data));
            }
            return values;
        }
        if (!(rule instanceof Map<?, ?> map) || map.size() != 1) {
            return rule;
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String operator = String.valueOf(entry.getKey());
        List<?> args = entry.getValue() instanceof List<?> list ? list : single(entry.getValue());
        switch (operator) {
            case "if", "?:" -> {
                int i = 0;
                for (; i + 1 < args.size(); i += 2) {
                    if (truthy(apply(args.get(i), data))) {
                        return apply(args.get(i + 1), data);
                    }
                }
                return i < args.size() ? apply(args.get(i), data) : null;
            }
            case "or" -> {
                Object last = null;
                for (Object arg : args) {
                    last = apply(arg, data);
                    if (truthy(last)) {
                        return last;
                    }
                }
                return last;
            }
            case "and" -> {
                Object last = null;
                for (Object arg : args) {
                    last = apply(arg, data);
                    if (!truthy(last)) {
                        return last;
                    }
                }
                return last;
            }
            case "filter", "map", "all", "none", "some", "reduce" -> {
                return iterate(operator, args, data);
            }
            default -> {
                List<@Nullable Object> values = new ArrayList<>(args.size());
                for (Object arg : args) {
                    values.add(apply(arg, data));
                }
                return operate(operator, values, data);
            }
        }
    }

    private static List<@Nullable Object> single(@Nullable Object value) {
        List<@Nullable Object> list = new ArrayList<>(1);
        list.add(value);
        return list;
    }

    private static @Nullable Object arg(List<@Nullable Object> values, int i) {
        return i < values.size() ? values.get(i) : null;
    }

    private static @Nullable Object operate(String operator, List<@Nullable Object> values, @Nullable Object data) {
        switch (operator) {
            case "var" -> {
                Object found = variable(arg(values, 0), data);
                return found == null && values.size() > 1 ? values.get(1) : found;
            }
            case "missing" -> {
                List<?> keys = values.size() == 1 && values.get(0) instanceof List<?> list ? list : values;
                List<Object> missing = new ArrayList<>();
                for (Object key : keys) {
                    Object found = variable(key, data);
                    if (found == null || "".equals(found)) {
                        missing.add(key == null ? "null" : key);
                    }
                }
                return missing;
            }
            case "missing_some" -> {
                double need = number(arg(values, 0));
                List<?> keys = arg(values, 1) instanceof List<?> list ? list : List.of();
                List<Object> missing = new ArrayList<>();
                for (Object key : keys) {
                    Object found = variable(key, data);
                    if (found == null || "".equals(found)) {
                        missing.add(key == null ? "null" : key);
                    }
                }
                return keys.size() - missing.size() >= need ? List.of() : missing;
            }
            case "==" -> {
                return looseEquals(arg(values, 0), arg(values, 1));
            }
            case "!=" -> {
                return !looseEquals(arg(values, 0), arg(values, 1));
            }
            case "===" -> {
                return strictEquals(arg(values, 0), arg(values, 1));
            }
            case "!==" -> {
                return !strictEquals(arg(values, 0), arg(values, 1));
            }
            case "!" -> {
                return !truthy(arg(values, 0));
            }
            case "!!" -> {
                return truthy(arg(values, 0));
            }
            case ">" -> {
                return less(arg(values, 1), arg(values, 0), false);
            }
            case ">=" -> {
                return less(arg(values, 1), arg(values, 0), true);
            }
            case "<" -> {
                return values.size() >= 3
                        ? less(values.get(0), values.get(1), false) && less(values.get(1), values.get(2), false)
                        : less(arg(values, 0), arg(values, 1), false);
            }
            case "<=" -> {
                return values.size() >= 3
                        ? less(values.get(0), values.get(1), true) && less(values.get(1), values.get(2), true)
                        : less(arg(values, 0), arg(values, 1), true);
            }
            case "max", "min" -> {
                if (values.isEmpty()) {
                    return null;
                }
                double best = number(values.get(0));
                for (Object value : values) {
                    double d = number(value);
                    if (Double.isNaN(d)) {
                        return Double.NaN;
                    }
                    best = operator.equals("max") ? Math.max(best, d) : Math.min(best, d);
                }
                return best;
            }
            case "+" -> {
                double sum = 0;
                for (Object value : values) {
                    sum += parseFloat(value);
                }
                return sum;
            }
            case "*" -> {
                double product = 1;
                for (Object value : values) {
                    product *= parseFloat(value);
                }
                return product;
            }
            case "-" -> {
                return values.size() == 1 ? -number(values.get(0)) : number(arg(values, 0)) - number(arg(values, 1));
            }
            case "/" -> {
                return number(arg(values, 0)) / number(arg(values, 1));
            }
            case "%" -> {
                return number(arg(values, 0)) % number(arg(values, 1));
            }
            case "merge" -> {
                List<Object> merged = new ArrayList<>();
                for (Object value : values) {
                    if (value instanceof List<?> list) {
                        merged.addAll(list);
                    } else {
                        merged.add(value);
                    }
                }
                return merged;
            }
            case "in" -> {
                Object needle = arg(values, 0);
                Object haystack = arg(values, 1);
                if (haystack instanceof String s) {
                    return s.contains(text(needle));
                }
                if (haystack instanceof List<?> list) {
                    for (Object item : list) {
                        if (strictEquals(needle, item)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case "cat" -> {
                StringBuilder joined = new StringBuilder();
                for (Object value : values) {
                    if (value != null) { // joined as JavaScript's Array.join does: null is ""
                        joined.append(text(value));
                    }
                }
                return joined.toString();
            }
            case "substr" -> {
                return substring(text(arg(values, 0)), arg(values, 1), arg(values, 2), values.size() > 2);
            }
            case "log" -> {
                return arg(values, 0);
            }
            case "fractional" -> {
                return fractional(values, data);
            }
            case "sem_ver" -> {
                return semVer(values);
            }
            case "starts_with", "ends_with" -> {
                if (values.size() != 2
                        || !(values.get(0) instanceof String s)
                        || !(values.get(1) instanceof String affix)) {
                    return null; // flagd: null, not false, so that the default variant is served
                }
                return operator.equals("starts_with") ? s.startsWith(affix) : s.endsWith(affix);
            }
            default ->
                throw new VariantFunction.Failure("unknown operator '" + operator + "'"); // check() refused it at load
        }
    }

    private static @Nullable Object iterate(String operator, List<?> args, @Nullable Object data) {
        Object scope = apply(args.isEmpty() ? null : args.get(0), data);
        List<?> items = scope instanceof List<?> list ? list : List.of();
        Object logic = args.size() > 1 ? args.get(1) : null;
        switch (operator) {
            case "filter" -> {
                List<Object> kept = new ArrayList<>();
                for (Object item : items) {
                    if (truthy(apply(logic, item))) {
                        kept.add(item);
                    }
                }
                return kept;
            }
            case "map" -> {
                List<Object> mapped = new ArrayList<>();
                for (Object item : items) {
                    mapped.add(apply(logic, item));
                }
                return mapped;
            }
            case "all" -> {
                if (items.isEmpty()) {
                    return false;
                }
                for (Object item : items) {
                    if (!truthy(apply(logic, item))) {
                        return false;
                    }
                }
                return true;
            }
            case "none", "some" -> {
                boolean any = false;
                for (Object item : items) {
                    if (truthy(apply(logic, item))) {
                        any = true;
                        break;
                    }
                }
                return operator.equals("some") == any;
            }
            default -> { // reduce
                Object accumulator = args.size() > 2 ? apply(args.get(2), data) : null;
                for (Object item : items) {
                    java.util.LinkedHashMap<String, Object> step = new java.util.LinkedHashMap<>();
                    step.put("current", item);
                    step.put("accumulator", accumulator);
                    accumulator = apply(logic, step);
                }
                return accumulator;
            }
        }
    }

    /** A value of the data by dotted path ({@code user.name}, {@code items.0}); "" is the data itself. */
    static @Nullable Object variable(@Nullable Object path, @Nullable Object data) {
        if (path == null || "".equals(path)) {
            return data;
        }
        String text = path instanceof Number n ? text(n) : String.valueOf(path);
        Object current = data;
        int start = 0;
        while (current != null) {
            int dot = text.indexOf('.', start);
            String segment = dot < 0 ? text.substring(start) : text.substring(start, dot);
            if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
            } else if (current instanceof List<?> list) {
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    return null;
                }
                current = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
        return null;
    }

    static boolean truthy(@Nullable Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof List<?> list) {
            return !list.isEmpty(); // JSON Logic, unlike JavaScript: an empty array is false
        }
        return true;
    }

    /** JavaScript's {@code ==}. */
    static boolean looseEquals(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number || b instanceof Number || a instanceof Boolean || b instanceof Boolean) {
            if (a instanceof String sa && b instanceof String sb) {
                return sa.equals(sb);
            }
            if ((a instanceof Map || a instanceof List) && !(b instanceof Map || b instanceof List)) {
                return looseEquals(text(a), b);
            }
            if ((b instanceof Map || b instanceof List) && !(a instanceof Map || a instanceof List)) {
                return looseEquals(a, text(b));
            }
            if (a instanceof Map || a instanceof List) {
                return a == b;
            }
            return number(a) == number(b);
        }
        if (a instanceof String sa && b instanceof String sb) {
            return sa.equals(sb);
        }
        if (a instanceof List<?> && b instanceof String sb) {
            return text(a).equals(sb);
        }
        if (b instanceof List<?> && a instanceof String sa) {
            return text(b).equals(sa);
        }
        return a == b; // objects: identity, as in JavaScript
    }

    /** JavaScript's {@code ===}. */
    static boolean strictEquals(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number na && b instanceof Number nb) {
            return na.doubleValue() == nb.doubleValue();
        }
        if (a instanceof String || a instanceof Boolean) {
            return a.equals(b);
        }
        return a == b;
    }

    /** JavaScript's {@code <} (or {@code <=}): strings compare as strings, everything else as numbers. */
    private static boolean less(@Nullable Object a, @Nullable Object b, boolean orEqual) {
        if (a instanceof String sa && b instanceof String sb) {
            int c = sa.compareTo(sb);
            return orEqual ? c <= 0 : c < 0;
        }
        double x = number(a);
        double y = number(b);
        return orEqual ? x <= y : x < y;
    }

    /** JavaScript's {@code Number(value)}. */
    static double number(@Nullable Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            return number(s);
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? 0 : list.size() == 1 ? number(text(list.get(0))) : Double.NaN;
        }
        return Double.NaN;
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(?:Infinity|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");
    private static final java.util.regex.Pattern RADIX =
            java.util.regex.Pattern.compile("0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)");

    /**
     * JavaScript's {@code Number(string)}: white space around is ignored, {@code ""} is 0, decimal
     * literals with an optional sign and exponent, {@code Infinity}, and unsigned {@code 0x},
     * {@code 0o} and {@code 0b} integers; anything else, {@code 1_000} or {@code 1f} included, is NaN.
     */
    static double number(String s) {
        String trimmed = jsTrim(s);
        if (trimmed.isEmpty()) {
            return 0;
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            return Double.parseDouble(trimmed);
        }
        if (RADIX.matcher(trimmed).matches()) {
            char kind = Character.toLowerCase(trimmed.charAt(1));
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            return new java.math.BigInteger(trimmed.substring(2), radix).doubleValue();
        }
        return Double.NaN;
    }

    /** JavaScript's {@code String.prototype.trim}: its white space and line terminators. */
    private static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && jsSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && jsSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean jsSpace(char c) {
        return c == '\t'
                || c == '\n'
                || c == 0x0B
                || c == '\f'
                || c == '\r'
                || c == ' '
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000
                || c == 0xFEFF;
    }

    /** JavaScript's {@code parseFloat(value)}: the longest numeric prefix. */
    private static double parseFloat(@Nullable Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        String s = text(value).strip();
        int end = 0;
        boolean digits = false;
        boolean dot = false;
        if (end < s.length() && (s.charAt(end) == '-' || s.charAt(end) == '+')) {
            end++;
        }
        while (end < s.length()) {
            char c = s.charAt(end);
            if (Character.isDigit(c)) {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
            end++;
        }
        if (!digits) {
            return Double.NaN;
        }
        return Double.parseDouble(s.substring(0, end));
    }

    /** JavaScript's {@code String(value)}: whole numbers without a fraction, arrays joined by commas. */
    static String text(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
                return Long.toString((long) d);
            }
            return Double.isNaN(d) ? "NaN" : Double.toString(d);
        }
        if (value instanceof List<?> list) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    joined.append(',');
                }
                Object item = list.get(i);
                joined.append(item == null ? "" : text(item));
            }
            return joined.toString();
        }
        if (value instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return value.toString();
    }

    private static String substring(
            String s, @Nullable Object startArg, @Nullable Object lengthArg, boolean hasLength) {
        int length = s.length();
        int start = (int) number(startArg);
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        start = Math.min(start, length);
        int end = length;
        if (hasLength) {
            int n = (int) number(lengthArg);
            end = n < 0 ? Math.max(start, length + n) : Math.min(length, start + n);
        }
        return s.substring(start, Math.max(start, end));
    }

    /**
     * flagd's {@code fractional}, v2: the bucketing value (an expression's string, else the flag key
     * followed by the targeting key) hashed with MurmurHash3, bucket {@code (hash * total) >>> 32},
     * the first variant whose running weight exceeds it. Negative weights count as zero; no weight,
     * no bucketing value or a malformed entry answer {@code null}.
     */
    private static @Nullable Object fractional(List<@Nullable Object> values, @Nullable Object data) {
        if (values.isEmpty()) {
            return null;
        }
        String bucketingValue;
        int first;
        if (values.get(0) instanceof List<?>) {
            Object flagKey = variable("$flagd." + FLAG_KEY, data);
            Object targetingKey = variable("targetingKey", data);
            if (!(targetingKey instanceof String key) || key.isEmpty()) {
                return null;
            }
            bucketingValue = text(flagKey) + key;
            first = 0;
        } else {
            if (!(values.get(0) instanceof String s)) {
                return null; // a missing or non-string bucketing value
            }
            bucketingValue = s;
            first = 1;
        }
        int n = values.size() - first;
        if (n <= 0) {
            return null;
        }
        Object[] variants = new Object[n];
        long[] weights = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (!(values.get(first + i) instanceof List<?> entry) || entry.isEmpty()) {
                return null;
            }
            Object variant = entry.get(0);
            if (variant == null) {
                return null;
            }
            long weight = 1;
            if (entry.size() > 1) {
                if (!(entry.get(1) instanceof Number w)) {
                    return null;
                }
                weight = Math.max(0, (long) w.doubleValue());
            }
            variants[i] = variant;
            weights[i] = weight;
            total += weight;
        }
        if (total <= 0 || total > Integer.MAX_VALUE) {
            return null; // no share to give, or more buckets than the 32-bit bucketing resolves
        }
        int hash = Murmur3.hash(new byte[0], bucketingValue);
        long bucket = Murmur3.bucket(hash, total);
        long running = 0;
        for (int i = 0; i < n; i++) {
            running += weights[i];
            if (running > bucket) {
                return variants[i];
            }
        }
        return null; // unreachable: bucket < total
    }

    /**
     * flagd's {@code sem_ver}: {@code [version, operator, version]} with operators {@code =},
     * {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ^} (same major) and {@code ~}
     * (same major and minor). Versions may carry a {@code v} or {@code V} prefix and may be partial
     * or numbers ({@code 1}, {@code 1.2}); build metadata is ignored. Anything else answers
     * {@code null}.
     */
    private static @Nullable Object semVer(List<@Nullable Object> values) {
        if (values.size() != 3 || !(values.get(1) instanceof String operator)) {
            return null;
        }
        SemanticVersion actual = version(values.get(0));
        SemanticVersion target = version(values.get(2));
        if (actual == null || target == null) {
            return null;
        }
        int c = actual.compareTo(target);
        return switch (operator) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "^" -> actual.major() == target.major();
            case "~" -> actual.major() == target.major() && actual.minor() == target.minor();
            default -> null;
        };
    }

    private static @Nullable SemanticVersion version(@Nullable Object value) {
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof Number n) {
            text = text(n);
        } else {
            return null;
        }
        return SemanticVersion.parse(text); // takes a v or V prefix and partial versions, as flagd does
    }
}
