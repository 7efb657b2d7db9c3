package dev.flags.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.SourceVersion;

/** Turns flag keys and variant names into Java names: {@code new-checkout} to {@code NEW_CHECKOUT} and {@code NewCheckout}. */
final class JavaNames {

    private JavaNames() {}

    /** The words of a name: split at {@code -}, {@code .}, {@code _}, spaces and lower-to-upper case changes. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '.' || c == '_' || c == ' ') {
                flush(word, words);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** {@code new-checkout} as a constant: {@code NEW_CHECKOUT}. */
    static String constant(String name) {
        return String.join("_", words(name)).toUpperCase(Locale.ROOT);
    }

    /** {@code new-checkout} as a type: {@code NewCheckout}. */
    static String type(String name) {
        StringBuilder type = new StringBuilder();
        for (String word : words(name)) {
            type.append(word.substring(0, 1).toUpperCase(Locale.ROOT));
            type.append(word.substring(1));
        }
        return type.toString();
    }

    /** Whether the name can be declared in Java source: an identifier that is not a keyword. */
    static boolean isDeclarable(String name) {
        return SourceVersion.isName(name) && !name.contains(".");
    }

    /** A Java string literal for the text, with every character outside printable ASCII escaped. */
    static String literal(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        literal.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }

    /**
     * Text for a Javadoc comment: HTML and Javadoc's own characters escaped, and backslashes too,
     * since javac reads unicode escapes even inside comments.
     */
    static String javadoc(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '@' -> out.append("&#64;");
                case '\\' -> out.append("&#92;");
                case '{' -> out.append("&#123;");
                case '}' -> out.append("&#125;");
                case '*' -> out.append(i + 1 < text.length() && text.charAt(i + 1) == '/' ? "&#42;" : "*");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString().strip();
    }
}
