package dev.flags.internal;

/**
 * MurmurHash3 x86 32-bit with seed 0 over the UTF-8 bytes of a prefix followed by a string, without
 * allocating: the string is encoded on the fly. Internal.
 */
public final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    /**
     * Hashes {@code prefix} followed by the UTF-8 encoding of {@code value}.
     *
     * @param prefix bytes hashed first, usually the UTF-8 salt
     * @param value the string hashed after them
     * @return the 32-bit hash (as a signed int; use {@code Integer.toUnsignedLong} for u32)
     */
    public static int hash(byte[] prefix, String value) {
        int h1 = 0;
        int block = 0; // bytes gathered little-endian
        int filled = 0; // how many bytes of block are set
        for (byte b : prefix) {
            block |= (b & 0xff) << (filled << 3);
            if (++filled == 4) {
                h1 = mixBlock(h1, block);
                block = 0;
                filled = 0;
            }
        }
        return hash(h1, block, filled, prefix.length, value);
    }

    /**
     * The state of the hash after a prefix, computed once so that hashing many values after the
     * same prefix (a flag's salt) skips the prefix's bytes.
     *
     * @param prefix the bytes hashed first
     * @return the state, immutable
     */
    public static Prefix prefix(byte[] prefix) {
        int h1 = 0;
        int block = 0;
        int filled = 0;
        for (byte b : prefix) {
            block |= (b & 0xff) << (filled << 3);
            if (++filled == 4) {
                h1 = mixBlock(h1, block);
                block = 0;
                filled = 0;
            }
        }
        return new Prefix(h1, block, filled, prefix.length);
    }

    /**
     * Hashes a prefix followed by the UTF-8 encoding of {@code value}; the same as
     * {@link #hash(byte[], String)} with the prefix's bytes.
     *
     * @param prefix the state after the prefix, from {@link #prefix(byte[])}
     * @param value the string hashed after it
     * @return the 32-bit hash
     */
    public static int hash(Prefix prefix, String value) {
        return hash(prefix.h1, prefix.block, prefix.filled, prefix.length, value);
    }

    /** The state of the hash after a prefix; see {@link #prefix(byte[])}. */
    public static final class Prefix {
        private final int h1;
        private final int block;
        private final int filled;
        private final int length;

        private Prefix(int h1, int block, int filled, int length) {
            this.h1 = h1;
            this.block = block;
            this.filled = filled;
            this.length = length;
        }
    }

    private static int hash(int h1, int block, int filled, int length, String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (filled == 0 && i + 4 <= n) {
                // four ASCII characters at a block boundary, the usual key: one block, no per-byte work
                int c0 = value.charAt(i);
                int c1 = value.charAt(i + 1);
                int c2 = value.charAt(i + 2);
                int c3 = value.charAt(i + 3);
                if ((c0 | c1 | c2 | c3) < 0x80) {
                    h1 = mixBlock(h1, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
                    length += 4;
                    i += 3;
                    continue;
                }
            }
            int c = value.charAt(i);
            if (c < 0x80) { // ASCII: one byte, no encoding
                block |= c << (filled << 3);
                if (++filled == 4) {
                    h1 = mixBlock(h1, block);
                    block = 0;
                    filled = 0;
                }
                length++;
                continue;
            }
            int bytes;
            int code;
            if (c < 0x800) {
                code = (0xc0 | (c >> 6)) | ((0x80 | (c & 0x3f)) << 8);
                bytes = 2;
            } else if (Character.isHighSurrogate((char) c)
                    && i + 1 < n
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, value.charAt(++i));
                code = (0xf0 | (cp >> 18))
                        | ((0x80 | ((cp >> 12) & 0x3f)) << 8)
                        | ((0x80 | ((cp >> 6) & 0x3f)) << 16)
                        | ((0x80 | (cp & 0x3f)) << 24);
                bytes = 4;
            } else {
                if (Character.isSurrogate((char) c)) {
                    c = '?'; // a lone surrogate encodes as '?', as String.getBytes(UTF_8) does
                    code = c;
                    bytes = 1;
                } else {
                    code = (0xe0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
                    bytes = 3;
                }
            }
            for (int k = 0; k < bytes; k++) {
                block |= ((code >>> (k << 3)) & 0xff) << (filled << 3);
                if (++filled == 4) {
                    h1 = mixBlock(h1, block);
                    block = 0;
                    filled = 0;
                }
            }
            length += bytes;
        }
        if (filled > 0) {
            int k1 = block * C1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= C2;
            h1 ^= k1;
        }
        h1 ^= length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }

    private static int mixBlock(int h1, int block) {
        int k1 = block * C1;
        k1 = Integer.rotateLeft(k1, 15);
        k1 *= C2;
        h1 ^= k1;
        h1 = Integer.rotateLeft(h1, 13);
        return h1 * 5 + 0xe6546b64;
    }

    /**
     * The bucket of a hash among {@code totalWeight} buckets: {@code (u32(hash) * totalWeight) >>> 32},
     * flagd's fractional rule (version 2).
     *
     * @param hash the 32-bit hash
     * @param totalWeight the number of buckets, at most {@link Integer#MAX_VALUE}
     * @return the bucket, from 0 to {@code totalWeight - 1}
     */
    public static long bucket(int hash, long totalWeight) {
        return (Integer.toUnsignedLong(hash) * totalWeight) >>> 32;
    }
}
