package dev.flags.experiment;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers which (targeting key, flag, variant) exposures were recently passed on, in a fixed
 * number of slots whatever the number of users: a direct-mapped table of 64-bit fingerprints with
 * the time each was seen, like a CPU cache.
 *
 * <p>Trade-offs, by design:
 *
 * <ul>
 *   <li><b>False negatives</b> (an exposure passed on again within the window) happen when another
 *       fingerprint took the slot meanwhile, or when two threads record the same exposure at the
 *       same instant. They cost a duplicate event downstream, which counts distinct users anyway;
 *       in-process results are not affected (they keep their own per-user state).
 *   <li><b>False positives</b> (an exposure swallowed) need two different exposures with the same
 *       64-bit fingerprint in the same slot within the window: about {@code n / 2^64} per lookup.
 * </ul>
 *
 * Memory: {@code capacity} slots of one reference each, plus one small object per occupied slot.
 */
final class ExposureDeduplicator {

    private final AtomicReferenceArray<Slot> slots;
    private final int mask;
    private final long windowMillis;

    /**
     * @param capacity the number of slots, rounded up to a power of two
     * @param windowMillis how long an exposure is remembered
     */
    ExposureDeduplicator(int capacity, long windowMillis) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("capacity must be from 1 to 2^30 (got " + capacity + ")");
        }
        int size = Integer.highestOneBit(capacity);
        if (size < capacity) {
            size <<= 1;
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.windowMillis = windowMillis;
    }

    /** Whether this exposure was not seen within the window; if so it is remembered from now on. */
    boolean firstSeen(String flagKey, String variant, String targetingKey, long now) {
        long fingerprint = fingerprint(flagKey, variant, targetingKey);
        int index = (int) (fingerprint >>> 40) & mask;
        Slot slot = slots.get(index);
        if (slot != null && slot.fingerprint == fingerprint && now - slot.seenAt < windowMillis) {
            return false;
        }
        slots.set(index, new Slot(fingerprint, now));
        return true;
    }

    /** Whether this exposure is remembered now, without remembering it. */
    boolean remembers(String flagKey, String variant, String targetingKey, long now) {
        long fingerprint = fingerprint(flagKey, variant, targetingKey);
        Slot slot = slots.get((int) (fingerprint >>> 40) & mask);
        return slot != null && slot.fingerprint == fingerprint && now - slot.seenAt < windowMillis;
    }

    int capacity() {
        return slots.length();
    }

    /** The slots in use; at most {@link #capacity()}. */
    int occupied() {
        int occupied = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                occupied++;
            }
        }
        return occupied;
    }

    /** FNV-1a over the three strings with separators, finished with the SplitMix64 mixer. */
    static long fingerprint(String flagKey, String variant, String targetingKey) {
        long hash = 0xcbf29ce484222325L;
        hash = fnv(hash, flagKey);
        hash = (hash ^ 0xFFFF) * 0x100000001b3L;
        hash = fnv(hash, variant);
        hash = (hash ^ 0xFFFE) * 0x100000001b3L;
        hash = fnv(hash, targetingKey);
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    private static long fnv(long hash, String s) {
        for (int i = 0; i < s.length(); i++) {
            hash = (hash ^ s.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    private static final class Slot {
        final long fingerprint;
        final long seenAt;

        Slot(long fingerprint, long seenAt) {
            this.fingerprint = fingerprint;
            this.seenAt = seenAt;
        }
    }
}
