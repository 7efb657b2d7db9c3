package dev.flags.ofrep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Strong entity tags over bulk answers, and {@code If-None-Match} matching (RFC 9110, 13.1.2). */
final class ETags {

    private ETags() {}

    /** A digest of the answers: equal answers, equal tag; any change in any answer, a new one. */
    static String of(Object answers) {
        StringBuilder canonical = new StringBuilder(256);
        Json.write(answers, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether an {@code If-None-Match} value (a list of tags, weak or strong, or {@code *}) matches. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            // Tolerates clients that drop the quotes.
            if (tag.equals(etag) || ('"' + tag + '"').equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
