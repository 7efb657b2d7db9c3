package dev.flags;

import dev.flags.internal.Values;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of an {@link EvaluationContext}: an immutable map in insertion order, backed by
 * arrays. Conditions look attributes up on every evaluation, often several times; a context has a
 * handful of them, and scanning a few interned keys by identity or cached hash beats walking a
 * hash map's buckets. Large maps fall back to a hash index.
 */
final class Attributes extends AbstractMap<String, Object> {

    static final Attributes EMPTY = new Attributes(new String[0], new Object[0]);
    private static final int SCAN_LIMIT = 8;

    private final String[] keys;
    private final Object[] values;
    private final @Nullable Map<String, Integer> index;

    private Attributes(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
        if (keys.length > SCAN_LIMIT) {
            Map<String, Integer> positions = new java.util.HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                positions.put(keys[i], i);
            }
            this.index = positions;
        } else {
            this.index = null;
        }
    }

    /** Copies a map, normalizing the values and dropping {@code null} ones, keeping its iteration order. */
    static Attributes normalizedCopyOf(Map<String, ?> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        String[] keys = new String[map.size()];
        Object[] values = new Object[map.size()];
        int n = 0;
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            if (entry.getValue() != null) {
                keys[n] = entry.getKey();
                values[n] = Values.normalize(entry.getValue());
                n++;
            }
        }
        if (n == 0) {
            return EMPTY;
        }
        return n == keys.length
                ? new Attributes(keys, values)
                : new Attributes(java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(values, n));
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        if (index != null) {
            Integer position = index.get(name);
            return position == null ? null : values[position];
        }
        int hash = name.hashCode();
        for (int i = 0; i < keys.length; i++) {
            // a String caches its hash code, so a mismatch is usually one int compare
            if (keys[i] == name || (keys[i].hashCode() == hash && keys[i].equals(name))) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * This map's own key object equal to {@code name}, or {@code null}: conditions remember it, so
     * that their next lookup in a context built with the same literal is an identity compare.
     */
    @Nullable
    String ownKey(String name) {
        int hash = name.hashCode();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == name || (keys[i].hashCode() == hash && keys[i].equals(name))) {
                return keys[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return Map.entry(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
