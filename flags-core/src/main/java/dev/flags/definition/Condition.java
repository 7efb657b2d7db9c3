package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import dev.flags.internal.Values;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One test of a rule or segment: a context attribute compared by an operator with values.
 *
 * @param attribute the context attribute: any attribute name, a dotted path into nested
 *     attributes, or one of the built-ins {@code targetingKey}, {@code groups} and
 *     {@code environment}; {@code null} for {@link Operator#IN_SEGMENT}
 * @param operator how to compare
 * @param values the values to compare with: strings, numbers or booleans (segment names for
 *     {@link Operator#IN_SEGMENT})
 * @param negate whether the outcome is inverted; a condition on a missing attribute or one of
 *     another type stays false
 */
public record Condition(@Nullable String attribute, Operator operator, List<Object> values, boolean negate) {

    /** Checks and copies the components. */
    public Condition {
        requireNonNull(operator, "operator");
        values = Values.immutableList(requireNonNull(values, "values"));
    }

    /**
     * A condition on an attribute.
     *
     * @param attribute the attribute name or dotted path
     * @param operator how to compare
     * @param values the values to compare with
     * @return the condition, not negated
     */
    public static Condition of(String attribute, Operator operator, Object... values) {
        return new Condition(requireNonNull(attribute, "attribute"), operator, Arrays.asList(values), false);
    }

    /**
     * A condition that the targeting key belongs to one of the named segments.
     *
     * @param segments segment keys
     * @return the condition
     */
    public static Condition inSegment(String... segments) {
        return new Condition(null, Operator.IN_SEGMENT, Arrays.asList((Object[]) segments), false);
    }

    /** This condition with its outcome inverted. */
    public Condition negated() {
        return new Condition(attribute, operator, values, !negate);
    }
}
