package dev.flags.openfeature;

import dev.flags.EvaluationContext;
import dev.flags.internal.Values;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Converts contexts and values between OpenFeature's types and this library's.
 *
 * <p>An OpenFeature context becomes an {@link EvaluationContext} with the same targeting key (a
 * blank one counts as none) and every attribute, structures as maps and lists as lists at any depth,
 * instants as instants, numbers normalized like all attributes. Two attribute names have a meaning
 * of their own: {@value EvaluationContext#GROUPS} (a string or a list of strings) becomes the
 * context's groups and {@value EvaluationContext#ENVIRONMENT} (a string) its environment, which is
 * how OpenFeature callers reach group and environment targeting; in another shape they stay plain
 * attributes. The way back writes groups and environment under the same names, so a round trip
 * gives an equal context.
 */
final class Conversions {

    private Conversions() {}

    /**
     * An OpenFeature context as this library's. Nothing is copied: the attributes are a view that
     * converts the ones a condition reads ({@link OpenFeatureAttributes}).
     */
    static EvaluationContext toFlags(dev.openfeature.sdk.@Nullable EvaluationContext context) {
        return toFlags(context, true);
    }

    /**
     * An OpenFeature context as this library's, with its groups and environment only when asked:
     * each is a lookup through every layer of the context the client merged, which costs more than
     * the rest of the conversion, and most flags read neither.
     */
    static EvaluationContext toFlags(
            dev.openfeature.sdk.@Nullable EvaluationContext context, boolean groupsAndEnvironment) {
        if (context == null) {
            return EvaluationContext.EMPTY;
        }
        String targetingKey = context.getTargetingKey();
        List<String> groups = groupsAndEnvironment ? groups(context) : null;
        String environment = groupsAndEnvironment ? environment(context) : null;
        return new EvaluationContext(
                targetingKey == null || targetingKey.isBlank() ? null : targetingKey,
                groups == null || groups.isEmpty() ? Set.of() : new LinkedHashSet<>(groups),
                environment,
                new OpenFeatureAttributes(context));
    }

    /** The context's groups, when its {@value EvaluationContext#GROUPS} attribute holds some. */
    static @Nullable List<String> groups(dev.openfeature.sdk.EvaluationContext context) {
        Object groups = toJava(context.getValue(EvaluationContext.GROUPS));
        return groups == null ? null : Values.groups(groups);
    }

    /** The context's environment, when its {@value EvaluationContext#ENVIRONMENT} attribute is a string. */
    static @Nullable String environment(dev.openfeature.sdk.EvaluationContext context) {
        return toJava(context.getValue(EvaluationContext.ENVIRONMENT)) instanceof String named ? named : null;
    }

    /** This library's context as an OpenFeature one. */
    static dev.openfeature.sdk.EvaluationContext toOpenFeature(EvaluationContext context) {
        Map<String, Value> attributes = new HashMap<>();
        context.attributes().forEach((name, value) -> attributes.put(name, toValue(value)));
        if (!context.groups().isEmpty()) {
            List<Value> groups = new ArrayList<>(context.groups().size());
            for (String group : context.groups()) {
                groups.add(new Value(group));
            }
            attributes.put(EvaluationContext.GROUPS, new Value(groups));
        }
        if (context.environment() != null) {
            attributes.put(EvaluationContext.ENVIRONMENT, new Value(context.environment()));
        }
        return new ImmutableContext(context.targetingKey(), attributes);
    }

    /**
     * An OpenFeature value as a normalized Java value: maps for structures, lists for lists, and
     * {@code Boolean}, {@code String}, {@code Integer}, {@code Long}, {@code Double} or
     * {@code Instant} for the rest.
     */
    static @Nullable Object toJava(@Nullable Value value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isStructure()) {
            return toJava(value.asStructure());
        }
        if (value.isList()) {
            List<Value> elements = value.asList();
            List<Object> list = new ArrayList<>(elements.size());
            for (Value element : elements) {
                list.add(toJava(element));
            }
            return Collections.unmodifiableList(list);
        }
        return Values.normalize(value.asObject());
    }

    /** An OpenFeature structure as an unmodifiable map of normalized Java values. */
    static Map<String, Object> toJava(Structure structure) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, Value> entry : structure.asUnmodifiableMap().entrySet()) {
            map.put(entry.getKey(), toJava(entry.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    /** A Java value (as flags and contexts hold them) as an OpenFeature value. */
    static Value toValue(@Nullable Object value) {
        if (value == null) {
            return new Value();
        }
        if (value instanceof Value v) {
            return v;
        }
        if (value instanceof String s) {
            return new Value(s);
        }
        if (value instanceof Boolean b) {
            return new Value(b);
        }
        if (value instanceof Integer i) {
            return new Value(i);
        }
        if (value instanceof Long l) {
            return new Value(l);
        }
        if (value instanceof Double d) {
            return new Value(d);
        }
        if (value instanceof Instant instant) {
            return new Value(instant);
        }
        if (value instanceof Structure structure) {
            return new Value(structure);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Value> attributes = new LinkedHashMap<>();
            map.forEach((key, element) -> attributes.put(String.valueOf(key), toValue(element)));
            return new Value(new ImmutableStructure(attributes));
        }
        if (value instanceof Collection<?> collection) {
            List<Value> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(toValue(element));
            }
            return new Value(list);
        }
        Object normalized = Values.normalize(value);
        return normalized == null || normalized.getClass() == value.getClass()
                ? new Value(String.valueOf(value))
                : toValue(normalized);
    }
}
