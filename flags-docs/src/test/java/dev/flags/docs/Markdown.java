package dev.flags.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file read just far enough to check it: its fenced code blocks, its links and the
 * anchors of its headings. Lines are numbered from 1, as editors and GitHub show them.
 */
final class Markdown {

    /** A link's target as written, and the line it is on. */
    record Link(int line, String target) {}

    /**
     * A fenced code block: the line of its opening fence, its text (the fence's indentation
     * removed, a final newline after the last line) and the HTML comment on the line before the
     * fence, or an empty string.
     */
    record CodeBlock(int line, String text, String comment) {}

    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,}).*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(\\s+#+)?\\s*$");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?.*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)[^`].*?\\1");
    private static final Pattern COMMENT = Pattern.compile("^\\s*<!--(.*)-->\\s*$");

    private final String name;
    private final List<String> lines;
    private final boolean[] inCode;
    private final List<CodeBlock> codeBlocks = new ArrayList<>();

    private Markdown(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
        this.inCode = new boolean[lines.size()];
        readCodeBlocks();
    }

    /**
     * Reads a file.
     *
     * @param root the repository root, which names are relative to
     * @param file the file
     */
    static Markdown read(Path root, Path file) {
        try {
            return new Markdown(
                    root.relativize(file).toString().replace('\\', '/'),
                    Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses text, for tests of the checks. */
    static Markdown of(String name, String text) {
        return new Markdown(name, text.lines().toList());
    }

    String name() {
        return name;
    }

    List<String> lines() {
        return lines;
    }

    List<CodeBlock> codeBlocks() {
        return codeBlocks;
    }

    /** Inline links, images and reference definitions outside code, code spans left out. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (inCode[i]) {
                continue;
            }
            String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("code");
            Matcher inline = INLINE_LINK.matcher(line);
            while (inline.find()) {
                links.add(new Link(i + 1, inline.group(1)));
            }
            Matcher reference = REFERENCE_DEFINITION.matcher(line);
            if (reference.matches()) {
                links.add(new Link(i + 1, reference.group(1)));
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings, in order, duplicates numbered as GitHub numbers them. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = HEADING.matcher(lines.get(i));
            if (inCode[i] || !heading.matches()) {
                continue;
            }
            String slug = slug(heading.group(2));
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading (github-slugger): the rendered text in lower case, every
     * character but letters, digits, connector punctuation, spaces and hyphens removed, spaces
     * turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    private void readCodeBlocks() {
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            int start = i;
            inCode[i] = true;
            StringBuilder text = new StringBuilder();
            i++;
            while (i < lines.size() && !isClosingFence(lines.get(i), fence)) {
                inCode[i] = true;
                text.append(stripIndent(lines.get(i), indent)).append('\n');
                i++;
            }
            if (i < lines.size()) {
                inCode[i] = true;
            }
            codeBlocks.add(new CodeBlock(start + 1, text.toString(), commentBefore(start)));
            i++;
        }
    }

    private static boolean isClosingFence(String line, String fence) {
        String trimmed = line.strip();
        return trimmed.length() >= fence.length() && trimmed.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String stripIndent(String line, int indent) {
        int strip = 0;
        while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
            strip++;
        }
        return line.substring(strip);
    }

    private String commentBefore(int fenceIndex) {
        int i = fenceIndex - 1;
        while (i >= 0 && lines.get(i).isBlank()) {
            i--;
        }
        if (i < 0) {
            return "";
        }
        Matcher comment = COMMENT.matcher(lines.get(i));
        return comment.matches() ? comment.group(1).strip() : "";
    }
}
