package dev.flags;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who and what a flag is evaluated for: an immutable targeting key, groups, environment and typed
 * attributes (string, number, boolean, date-time as {@link Instant}, list, nested map). Build it
 * once per request or user and reuse it: evaluation reads it without copying.
 *
 * <p>Conditions name attributes by key, by a dotted path into nested maps ({@code address.country}),
 * or by one of the built-ins {@value #TARGETING_KEY}, {@value #GROUPS} and {@value #ENVIRONMENT},
 * which win over attributes of the same name. The usual fields of a user are plain attributes:
 * {@value #USER}, {@value #GROUP}, {@value #SESSION}, {@value #REGION}, {@value #DEVICE_TYPE} and
 * {@value #SEGMENT}.
 *
 * @param targetingKey identifies the subject, for individual targets and bucketing
 * @param groups the groups the subject belongs to, for group targeting
 * @param environment where the evaluation happens; overrides the manager's environment when set
 * @param attributes everything else, normalized; {@code null} values are dropped
 */
public record EvaluationContext(
        @Nullable String targetingKey,
        Set<String> groups,
        @Nullable String environment,
        Map<String, Object> attributes) {

    /** Built-in attribute name for the targeting key. */
    public static final String TARGETING_KEY = "targetingKey";
    /** Built-in attribute name for the groups, a set of strings. */
    public static final String GROUPS = "groups";
    /** Built-in attribute name for the environment of the evaluation. */
    public static final String ENVIRONMENT = "environment";
    /** Conventional attribute for a user id. */
    public static final String USER = "user";
    /** Conventional attribute for a single group or organisation. */
    public static final String GROUP = "group";
    /** Conventional attribute for a session id. */
    public static final String SESSION = "session";
    /** Conventional attribute for a region. */
    public static final String REGION = "region";
    /** Conventional attribute for a device type. */
    public static final String DEVICE_TYPE = "deviceType";
    /** Conventional attribute for a customer segment. */
    public static final String SEGMENT = "segment";

    /** The context with nothing in it. */
    public static final EvaluationContext EMPTY = new EvaluationContext(null, Set.of(), null, Map.of());

    /**
     * Copies and normalizes the components. Attributes already held by a context are immutable and
     * normalized, so contexts derived from one another share them; an {@link AttributeView} is kept
     * as it is.
     */
    public EvaluationContext {
        groups = groups.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        attributes = attributes instanceof Attributes || attributes instanceof AttributeView
                ? attributes
                : Attributes.normalizedCopyOf(attributes);
    }

    /**
     * A context with just a targeting key.
     *
     * @param targetingKey the targeting key
     * @return the context
     */
    public static EvaluationContext of(String targetingKey) {
        return new EvaluationContext(targetingKey, Set.of(), null, Map.of());
    }

    /** Starts an empty context. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this context. */
    public Builder toBuilder() {
        Builder builder = new Builder().targetingKey(targetingKey).environment(environment);
        builder.groups.addAll(groups);
        builder.attributes.putAll(attributes);
        return builder;
    }

    /** This context with another targeting key. */
    public EvaluationContext withTargetingKey(@Nullable String newTargetingKey) {
        return new EvaluationContext(newTargetingKey, groups, environment, attributes);
    }

    /** This context with one attribute set or replaced. */
    public EvaluationContext withAttribute(String name, @Nullable Object value) {
        return toBuilder().attribute(name, value).build();
    }

    /**
     * Looks an attribute up the way conditions do: built-ins first, then attributes.
     *
     * @param name an attribute name or built-in
     * @return the value, or {@code null} when absent
     */
    public @Nullable Object attribute(String name) {
        return switch (name) {
            case TARGETING_KEY -> targetingKey;
            case GROUPS -> groups;
            case ENVIRONMENT -> environment;
            default -> attributes.get(name);
        };
    }

    /**
     * This context with another's targeting key (if set), groups, environment (if set) and
     * attributes laid over it.
     *
     * @param other the context that wins
     * @return the merged context
     */
    public EvaluationContext merge(EvaluationContext other) {
        if (this == EMPTY || equals(EMPTY)) {
            return other;
        }
        if (other == EMPTY || other.equals(EMPTY)) {
            return this;
        }
        Builder builder = toBuilder();
        if (other.targetingKey != null) {
            builder.targetingKey(other.targetingKey);
        }
        if (other.environment != null) {
            builder.environment(other.environment);
        }
        builder.groups.addAll(other.groups);
        builder.attributes.putAll(other.attributes);
        return builder.build();
    }

    /** Builds an {@link EvaluationContext}. */
    public static final class Builder {
        private @Nullable String targetingKey;
        private final Set<String> groups = new LinkedHashSet<>();
        private @Nullable String environment;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder() {}

        /** Sets the targeting key. */
        public Builder targetingKey(@Nullable String targetingKey) {
            this.targetingKey = targetingKey;
            return this;
        }

        /** Adds groups. */
        public Builder group(String... groups) {
            this.groups.addAll(List.of(groups));
            return this;
        }

        /** Adds groups. */
        public Builder groups(Collection<String> groups) {
            this.groups.addAll(groups);
            return this;
        }

        /** Sets the environment, overriding the manager's for this context. */
        public Builder environment(@Nullable String environment) {
            this.environment = environment;
            return this;
        }

        /** Sets an attribute; {@code null} removes it. Values are normalized (see the type doc). */
        public Builder attribute(String name, @Nullable Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        /** Sets several attributes. */
        public Builder attributes(Map<String, ?> values) {
            values.forEach(this::attribute);
            return this;
        }

        /** Builds the context. */
        public EvaluationContext build() {
            return new EvaluationContext(targetingKey, groups, environment, attributes);
        }
    }
}
