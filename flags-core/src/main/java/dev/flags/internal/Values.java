package dev.flags.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Normalizes values that flags and contexts hold into one immutable, JSON-like representation:
 * {@code Boolean}, {@code String}, {@code Integer} (integral numbers that fit), {@code Long},
 * {@code Double}, {@code Instant}, and unmodifiable {@code List} and insertion-ordered {@code Map}
 * with string keys. Internal: not part of the public API.
 */
public final class Values {

    private Values() {}

    /**
     * Converts a value into the normalized representation.
     *
     * @param value any value; {@code null} stays {@code null}
     * @return the normalized value
     */
    public static @Nullable Object normalize(@Nullable Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof Long l) {
            // Not a conditional expression: that would promote the Integer branch back to long.
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return Integer.valueOf(l.intValue());
            }
            return l;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? normalize(big.longValue()) : big.doubleValue();
        }
        if (value instanceof Double) {
            return value;
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Instant) {
            return value;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Map<?, ?> map) {
            return immutableMap(map);
        }
        if (value instanceof Collection<?> collection) {
            return immutableList(collection);
        }
        if (value instanceof Object[] array) {
            return immutableList(java.util.Arrays.asList(array));
        }
        return value.toString();
    }

    /**
     * An unmodifiable, insertion-ordered copy with string keys and normalized values.
     *
     * @param map the map to copy
     * @return the copy
     */
    public static Map<String, Object> immutableMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            copy.put(String.valueOf(entry.getKey()), normalize(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * An unmodifiable copy with normalized elements; {@code null} elements are kept.
     *
     * @param collection the elements to copy
     * @return the copy
     */
    public static List<Object> immutableList(Collection<?> collection) {
        List<Object> copy = new ArrayList<>(collection.size());
        for (Object element : collection) {
            copy.add(normalize(element));
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * Names a value's type the way definition errors do.
     *
     * @param value the value
     * @return for example {@code string 'abc'} or {@code list}
     */
    public static String describe(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "string '" + s + "'";
        }
        if (value instanceof Boolean b) {
            return "boolean " + b;
        }
        if (value instanceof Integer || value instanceof Long) {
            return "integer " + value;
        }
        if (value instanceof Number n) {
            return "number " + n;
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "list";
        }
        return value.getClass().getSimpleName() + " " + value;
    }

    /**
     * The groups an attribute value names, as OpenFeature contexts and OFREP requests send them: a
     * string (one group) or a list of strings. Shared so that both integrations read {@code groups}
     * the same way.
     *
     * @param value the value of the {@code groups} attribute
     * @return the groups, or {@code null} when the value has another shape and stays a plain attribute
     */
    public static @Nullable List<String> groups(Object value) {
        if (value instanceof String group) {
            return List.of(group);
        }
        if (value instanceof List<?> list) {
            List<String> groups = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof String group)) {
                    return null;
                }
                groups.add(group);
            }
            return groups;
        }
        return null;
    }
}
