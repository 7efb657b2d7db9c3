package dev.flags.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The syntax of an attribute name in conditions and {@code bucket-by}: names separated by dots
 * address maps inside maps ({@code user.name}); inside a name, {@code \.} is a dot and {@code \\}
 * a backslash ({@code labels.app\.kubernetes\.io/name}). A name without a dot or backslash is a
 * plain attribute. A path that starts with a dot ({@code .user.name}) is only the path it spells,
 * as an escaped one is: it never reads a flat attribute of the whole name (JSON Logic's
 * {@code var} reads paths so). Internal: not part of the public API.
 */
public final class AttributePath {

    private AttributePath() {}

    /**
     * Splits a path into its names, unescaped.
     *
     * @param text the path as written
     * @return the names, at least one
     * @throws IllegalArgumentException when the path can never match, with a message saying where
     */
    public static List<String> split(String text) {
        String error = syntaxError(text);
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (int i = text.startsWith(".") ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                name.append(text.charAt(++i));
            } else if (c == '.') {
                names.add(name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        names.add(name.toString());
        return List.copyOf(names);
    }

    /**
     * Whether the path is written with an escape or a leading dot, so that it names exactly what
     * its names say.
     *
     * @param text the path as written
     * @return whether it holds a backslash or starts with a dot
     */
    public static boolean isEscaped(String text) {
        return text.indexOf('\\') >= 0 || text.startsWith(".");
    }

    /**
     * What makes a path unusable.
     *
     * @param text the path as written
     * @return the reason, quoting the path and naming the character, or {@code null} when it is valid
     */
    public static @Nullable String syntaxError(String text) {
        if (text.isEmpty()) {
            return "an attribute path must not be empty";
        }
        int start = text.startsWith(".") ? 1 : 0; // a leading dot: only the path
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 == text.length()) {
                    return invalid(text, "it ends in a lone backslash (write \\\\ for a backslash)");
                }
                char next = text.charAt(i + 1);
                if (next != '.' && next != '\\') {
                    return invalid(
                            text,
                            "'\\" + next + "' at character " + (i + 1) + " is not an escape (only \\. and \\\\ are)");
                }
                i++;
            } else if (c == '.') {
                if (i == start) {
                    return invalid(
                            text,
                            "the name before the dot at character " + (i + 1)
                                    + " is empty (write \\. for a dot inside a name)");
                }
                start = i + 1;
            }
        }
        if (start == text.length()) {
            return invalid(text, "it ends in a dot (write \\. for a dot inside a name)");
        }
        return null;
    }

    private static String invalid(String text, String why) {
        return "'" + text + "' is not a valid attribute path: " + why;
    }
}
