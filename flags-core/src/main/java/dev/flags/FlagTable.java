package dev.flags;

import org.jspecify.annotations.Nullable;

/**
 * The flags of a snapshot by key: an open-addressing table specialised for the keys it was built
 * with, the first step of every evaluation.
 *
 * <p>Call sites usually pass a literal, the same {@code String} object on every call, while the
 * table holds the keys the definitions parser made, equal but never the same object. A lookup
 * compares the cached hash codes first, then the characters; once a slot has matched a caller's key
 * by its characters it remembers that object, so the next call with that literal is one identity
 * compare. A slot learns one caller's object, once: callers that build their key anew on every call
 * cost a {@code String.equals} each time, as a hash map would, and never make the table write.
 * Remembering is a benign race: a reader sees the parser's key or an equal one, and either answers
 * the same.
 */
final class FlagTable {

    private static final FlagTable EMPTY = new FlagTable(new CompiledFlag[0]);

    private final String[] keys;
    private final int[] hashes;
    private final @Nullable CompiledFlag[] flags;
    // The caller's key object each slot matched first by its characters; null until then.
    private final @Nullable String[] learned;
    private final int mask;

    private FlagTable(CompiledFlag[] compiled) {
        int capacity = Integer.highestOneBit(Math.max(2, compiled.length * 2 + 1) - 1) << 1; // load at most 1/2
        this.keys = new String[capacity];
        this.hashes = new int[capacity];
        this.flags = new CompiledFlag[capacity];
        this.learned = new String[capacity];
        this.mask = capacity - 1;
        for (CompiledFlag flag : compiled) {
            int hash = flag.key.hashCode();
            int slot = spread(hash) & mask;
            while (flags[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = flag.key;
            hashes[slot] = hash;
            flags[slot] = flag;
        }
    }

    static FlagTable of(CompiledFlag[] compiled) {
        return compiled.length == 0 ? EMPTY : new FlagTable(compiled);
    }

    /** Keys that differ only in their high bits still land apart. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    @Nullable
    CompiledFlag get(String key) {
        int hash = key.hashCode(); // cached in the string after its first use, as for a literal
        int slot = spread(hash) & mask;
        for (; ; ) {
            CompiledFlag flag = flags[slot];
            if (flag == null) {
                return null;
            }
            if (learned[slot] == key) {
                return flag;
            }
            if (hashes[slot] == hash) {
                String own = keys[slot];
                if (own == key || own.equals(key)) {
                    if (learned[slot] == null) {
                        learned[slot] = key;
                    }
                    return flag;
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}
