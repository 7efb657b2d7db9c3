package dev.flags.definition;

import org.jspecify.annotations.Nullable;

/**
 * How a condition compares a context attribute with its values. A missing attribute, or one whose
 * value is of another type than the operator works on, makes the condition false, negated or not;
 * only {@link #EXISTS} is about absence.
 */
public enum Operator {
    /** The attribute equals the value (numbers compare numerically). */
    EQUALS("equals", Arity.ONE),
    /** The attribute is of the value's type and differs from it. */
    NOT_EQUALS("not-equals", Arity.ONE),
    /** The attribute equals one of the values. */
    IN("in", Arity.MANY),
    /** The attribute is of the values' type and equals none of them. */
    NOT_IN("not-in", Arity.MANY),
    /** A string attribute contains one of the values as a substring, or a list attribute holds one of them. */
    CONTAINS("contains", Arity.MANY),
    /** A list attribute (such as {@code groups}) holds at least one of the values. */
    CONTAINS_ANY("contains-any", Arity.MANY),
    /** A string attribute starts with one of the values. */
    STARTS_WITH("starts-with", Arity.MANY),
    /** A string attribute ends with one of the values. */
    ENDS_WITH("ends-with", Arity.MANY),
    /** A string attribute contains a match of one of the regular expressions (RE2 syntax, linear time). */
    MATCHES("matches", Arity.MANY),
    /** A numeric attribute is less than the value. */
    LESS_THAN("less-than", Arity.ONE),
    /** A numeric attribute is less than or equal to the value. */
    LESS_THAN_OR_EQUAL("less-than-or-equal", Arity.ONE),
    /** A numeric attribute is greater than the value. */
    GREATER_THAN("greater-than", Arity.ONE),
    /** A numeric attribute is greater than or equal to the value. */
    GREATER_THAN_OR_EQUAL("greater-than-or-equal", Arity.ONE),
    /** A date-time attribute is before the ISO-8601 value. */
    BEFORE("before", Arity.ONE),
    /** A date-time attribute is after the ISO-8601 value. */
    AFTER("after", Arity.ONE),
    /** A semantic-version attribute equals the value (build metadata ignored). */
    SEMVER_EQUAL("semver-equal", Arity.ONE),
    /** A semantic-version attribute is lower than the value. */
    SEMVER_LESS_THAN("semver-less-than", Arity.ONE),
    /** A semantic-version attribute is higher than the value. */
    SEMVER_GREATER_THAN("semver-greater-than", Arity.ONE),
    /**
     * A semantic-version attribute lies in one of the ranges, with npm's semantics: {@code ^1.2.3},
     * {@code ~1.2}, {@code 1.x}, {@code 1.2.3 - 2.0.0}, {@code >=1.0.0 <2.0.0}, {@code 1.x || 3.x}.
     */
    SEMVER_IN_RANGE("semver-in-range", Arity.MANY),
    /** The attribute is present; takes no value. */
    EXISTS("exists", Arity.NONE),
    /** The context's targeting key is in one of the named segments; takes segment names, no attribute. */
    IN_SEGMENT("in-segment", Arity.MANY);

    /** How many values an operator takes. */
    public enum Arity {
        /** No value. */
        NONE,
        /** Exactly one value. */
        ONE,
        /** One value or more. */
        MANY
    }

    private final String id;
    private final Arity arity;

    Operator(String id, Arity arity) {
        this.id = id;
        this.arity = arity;
    }

    /** The name used in definition files, for example {@code starts-with}. */
    public String id() {
        return id;
    }

    /** How many values the operator takes. */
    public Arity arity() {
        return arity;
    }

    /**
     * Looks an operator up by its name in definition files.
     *
     * @param id the name, for example {@code in}
     * @return the operator, or {@code null} when no operator has that name
     */
    public static @Nullable Operator fromId(String id) {
        for (Operator operator : values()) {
            if (operator.id.equals(id)) {
                return operator;
            }
        }
        return null;
    }
}
