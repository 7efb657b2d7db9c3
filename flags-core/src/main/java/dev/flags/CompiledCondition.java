package dev.flags;

import com.google.re2j.Pattern;
import dev.flags.definition.Operator;
import dev.flags.internal.DateTimes;
import dev.flags.internal.SemanticVersion;
import dev.flags.internal.SemverRange;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One condition, compiled: the attribute path split, values converted to what the operator compares
 * (numbers to doubles and, when whole, longs; dates to instants; versions parsed, patterns compiled, segments
 * resolved), large string lists turned into sets. One class with a switch keeps the call site
 * monomorphic.
 */
final class CompiledCondition {

    private static final int MATCH = 1;
    private static final int NO_MATCH = 0;
    private static final int NOT_APPLICABLE = -1;
    private static final int SET_THRESHOLD = 8;

    private final Operator operator;
    private final boolean negate;
    // The key to look up directly when the attribute is a plain one, for the fast path.
    private final @Nullable String plainName;
    /*
     * plainName as the contexts spell it: the key object of the first context that had the
     * attribute. Applications build contexts with literals, the same object every time, so the
     * lookup becomes an identity compare; a context built otherwise is found by hash and equals, as
     * before. Written once, a benign race: any reader sees an equal string.
     */
    private @Nullable String lookupName;
    private boolean learnedName;
    // The attribute resolved: plain name, built-in or path into nested maps.
    private final @Nullable CompiledAttribute resolved;
    private final boolean environment;
    // equals and in, the most common operators, skip the big switch in test(), which is too large to inline.
    private final boolean equality;
    // equals/in over strings on a plain attribute (no built-in, no dotted path): the common case, checked first.
    private final boolean plainStringEquality;
    private final Object[] values;
    private final @Nullable Set<String> stringSet;
    // When every value is a string: the values and their hash codes, so most mismatches cost an int compare.
    private final String @Nullable [] strings;
    private final int @Nullable [] stringHashes;
    private final double number;
    // A whole-number bound compares exactly with whole-number values (a double loses digits past 2^53).
    private final boolean wholeNumber;
    private final long whole;
    // Instants, not epoch millis: an instant far from 1970 has no epoch millis (long overflow).
    private final @Nullable Instant instant;
    private final @Nullable SemanticVersion version;
    private final SemverRange[] ranges;
    private final Pattern[] patterns;
    private final CompiledSegment[] segments;

    CompiledCondition(
            Operator operator,
            boolean negate,
            @Nullable String attribute,
            List<Object> values,
            CompiledSegment[] segments) {
        this.operator = operator;
        this.negate = negate;
        this.resolved = attribute == null ? null : new CompiledAttribute(attribute);
        this.plainName = resolved == null ? null : resolved.plainName();
        this.lookupName = plainName;
        this.environment = resolved != null && resolved.isEnvironment();
        this.equality = operator == Operator.EQUALS || operator == Operator.IN;
        this.values = values.toArray();
        this.stringSet = values.size() > SET_THRESHOLD && values.stream().allMatch(v -> v instanceof String)
                ? Set.copyOf(values.stream().map(String.class::cast).toList())
                : null;
        if (!values.isEmpty() && values.stream().allMatch(v -> v instanceof String)) {
            this.strings = values.toArray(String[]::new);
            this.stringHashes = new int[strings.length];
            for (int i = 0; i < strings.length; i++) {
                stringHashes[i] = strings[i].hashCode();
            }
        } else {
            this.strings = null;
            this.stringHashes = null;
        }
        this.plainStringEquality = equality && strings != null && stringSet == null && plainName != null;
        Object first = values.isEmpty() ? null : values.get(0);
        this.number = first instanceof Number n ? n.doubleValue() : Double.NaN;
        this.wholeNumber = first instanceof Integer || first instanceof Long;
        this.whole = wholeNumber && first instanceof Number n ? n.longValue() : 0;
        this.instant = first instanceof String s && (operator == Operator.BEFORE || operator == Operator.AFTER)
                ? DateTimes.parseInstant(s)
                : null;
        this.version =
                first instanceof String s && operator.name().startsWith("SEMVER") ? SemanticVersion.parse(s) : null;
        this.ranges = operator == Operator.SEMVER_IN_RANGE
                ? values.stream()
                        .map(v -> java.util.Objects.requireNonNull(SemverRange.parse((String) v), "validated range"))
                        .toArray(SemverRange[]::new)
                : new SemverRange[0];
        this.patterns = operator == Operator.MATCHES
                ? values.stream().map(v -> Pattern.compile((String) v)).toArray(Pattern[]::new)
                : new Pattern[0];
        this.segments = segments;
    }

    /**
     * Whether this condition, or a segment it tests, reads the groups or the environment.
     *
     * @param visited the segments looked at already (segments refer to each other)
     */
    boolean readsGroupsOrEnvironment(Set<CompiledSegment> visited) {
        if (resolved != null && resolved.readsGroupsOrEnvironment()) {
            return true;
        }
        for (CompiledSegment segment : segments) {
            if (segment.readsGroupsOrEnvironment(visited)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(EvaluationContext context, @Nullable String evaluationEnvironment) {
        // plainStringEquality implies both arrays; the null checks only state that for NullAway.
        if (plainStringEquality && strings != null && stringHashes != null && lookupName != null) {
            Map<String, Object> attributes = context.attributes();
            Object value = attributes.get(lookupName);
            if (!learnedName && value != null) {
                learn(attributes);
            }
            if (value instanceof String s) {
                int hash = s.hashCode(); // cached in the string after its first use
                boolean found = false;
                for (int i = 0; i < strings.length; i++) {
                    if (stringHashes[i] == hash && strings[i].equals(s)) {
                        found = true;
                        break;
                    }
                }
                return found != negate;
            }
            if (value == null) {
                return false;
            }
        }
        if (operator == Operator.IN_SEGMENT) {
            boolean in = false;
            for (CompiledSegment segment : segments) {
                if (segment.contains(context, evaluationEnvironment)) {
                    in = true;
                    break;
                }
            }
            return in != negate;
        }
        Object value = environment && context.environment() == null
                ? evaluationEnvironment
                : resolved == null ? null : resolved.get(context);
        if (operator == Operator.EXISTS) {
            return (value != null) != negate;
        }
        if (value == null) {
            return false;
        }
        int outcome = equality ? anyEqual(value) : test(value);
        return outcome != NOT_APPLICABLE && (outcome == MATCH) != negate;
    }

    private void learn(Map<String, Object> attributes) {
        String name = lookupName;
        if (name != null && attributes instanceof Attributes own) {
            String spelled = own.ownKey(name);
            if (spelled != null) {
                lookupName = spelled;
                learnedName = true;
            }
        }
    }

    private int test(Object value) {
        switch (operator) {
            case EQUALS, IN:
                return anyEqual(value);
            case NOT_EQUALS, NOT_IN: {
                int any = anyEqual(value);
                return any == NOT_APPLICABLE ? NOT_APPLICABLE : any == MATCH ? NO_MATCH : MATCH;
            }
            case CONTAINS:
                if (value instanceof String s) {
                    for (Object v : values) {
                        if (v instanceof String part && s.contains(part)) {
                            return MATCH;
                        }
                    }
                    return NO_MATCH;
                }
                return value instanceof Collection<?> c ? holdsAny(c) : NOT_APPLICABLE;
            case CONTAINS_ANY:
                return value instanceof Collection<?> c ? holdsAny(c) : NOT_APPLICABLE;
            case STARTS_WITH:
                if (value instanceof String s) {
                    for (Object v : values) {
                        if (s.startsWith((String) v)) {
                            return MATCH;
                        }
                    }
                    return NO_MATCH;
                }
                return NOT_APPLICABLE;
            case ENDS_WITH:
                if (value instanceof String s) {
                    for (Object v : values) {
                        if (s.endsWith((String) v)) {
                            return MATCH;
                        }
                    }
                    return NO_MATCH;
                }
                return NOT_APPLICABLE;
            case MATCHES:
                if (value instanceof String s) {
                    for (Pattern pattern : patterns) {
                        if (pattern.matcher(s).find()) {
                            return MATCH;
                        }
                    }
                    return NO_MATCH;
                }
                return NOT_APPLICABLE;
            case LESS_THAN: {
                int c = compareToBound(value);
                return c == UNORDERED ? NOT_APPLICABLE : result(c < 0);
            }
            case LESS_THAN_OR_EQUAL: {
                int c = compareToBound(value);
                return c == UNORDERED ? NOT_APPLICABLE : result(c <= 0);
            }
            case GREATER_THAN: {
                int c = compareToBound(value);
                return c == UNORDERED ? NOT_APPLICABLE : result(c > 0);
            }
            case GREATER_THAN_OR_EQUAL: {
                int c = compareToBound(value);
                return c == UNORDERED ? NOT_APPLICABLE : result(c >= 0);
            }
            case BEFORE, AFTER: {
                Instant actual =
                        value instanceof Instant i ? i : value instanceof String s ? DateTimes.parseInstant(s) : null;
                if (actual == null || instant == null) {
                    return NOT_APPLICABLE;
                }
                return result(operator == Operator.BEFORE ? actual.isBefore(instant) : actual.isAfter(instant));
            }
            case SEMVER_EQUAL, SEMVER_LESS_THAN, SEMVER_GREATER_THAN: {
                SemanticVersion actual = value instanceof String s ? SemanticVersion.parse(s) : null;
                if (actual == null || version == null) {
                    return NOT_APPLICABLE;
                }
                int c = actual.compareTo(version);
                return result(
                        operator == Operator.SEMVER_EQUAL
                                ? c == 0
                                : operator == Operator.SEMVER_LESS_THAN ? c < 0 : c > 0);
            }
            case SEMVER_IN_RANGE: {
                SemanticVersion actual = value instanceof String s ? SemanticVersion.parse(s) : null;
                if (actual == null) {
                    return NOT_APPLICABLE;
                }
                for (SemverRange range : ranges) {
                    if (range.satisfiedBy(actual)) {
                        return MATCH;
                    }
                }
                return NO_MATCH;
            }
            default:
                return NOT_APPLICABLE;
        }
    }

    private static int result(boolean matched) {
        return matched ? MATCH : NO_MATCH;
    }

    /** MATCH when the value equals one of the values; NOT_APPLICABLE when it is comparable with none. */
    private int anyEqual(Object value) {
        if (stringSet != null) {
            return value instanceof String s ? result(stringSet.contains(s)) : NOT_APPLICABLE;
        }
        if (strings != null && stringHashes != null && value instanceof String s) {
            int hash = s.hashCode(); // cached in the string after its first use
            for (int i = 0; i < strings.length; i++) {
                if (stringHashes[i] == hash && strings[i].equals(s)) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        }
        boolean comparable = false;
        for (Object candidate : values) {
            int c = scalarEquals(value, candidate);
            if (c == MATCH) {
                return MATCH;
            }
            comparable |= c == NO_MATCH;
        }
        return comparable ? NO_MATCH : NOT_APPLICABLE;
    }

    private int holdsAny(Collection<?> collection) {
        for (Object candidate : values) {
            if (candidate instanceof String s) {
                if (collection.contains(s)) {
                    return MATCH;
                }
            } else {
                for (Object element : collection) {
                    if (element != null && scalarEquals(element, candidate) == MATCH) {
                        return MATCH;
                    }
                }
            }
        }
        return NO_MATCH;
    }

    private static final int UNORDERED = 2;

    /**
     * The sign of value minus the bound, or {@link #UNORDERED} when either is not a number or is NaN,
     * so a condition on such a value is false, negated or not. Whole numbers compare exactly.
     */
    private int compareToBound(Object value) {
        if (!(value instanceof Number n)) {
            return UNORDERED;
        }
        if (wholeNumber && isIntegral(n)) {
            return Long.compare(n.longValue(), whole);
        }
        double x = n.doubleValue();
        if (Double.isNaN(x) || Double.isNaN(number)) {
            return UNORDERED;
        }
        return x < number ? -1 : x > number ? 1 : 0;
    }

    private static int scalarEquals(Object a, Object b) {
        if (a instanceof String && b instanceof String || a instanceof Boolean && b instanceof Boolean) {
            return result(a.equals(b));
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (isIntegral(x) && isIntegral(y)) {
                return result(x.longValue() == y.longValue());
            }
            return result(x.doubleValue() == y.doubleValue());
        }
        return NOT_APPLICABLE;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long;
    }
}
