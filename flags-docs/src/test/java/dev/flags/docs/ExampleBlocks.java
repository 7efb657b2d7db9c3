package dev.flags.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Code blocks of documents that show files of an example project. A block preceded by
 * {@code <!-- example: path -->} must equal that file; with {@code <!-- example: path excerpt -->}
 * it must be consecutive lines of it, their common indentation removed. Every file of the
 * project's {@code pom.xml} and {@code src/} must be shown by such a block in one of the documents
 * (the README shows the quick start, a docs page its tests).
 */
final class ExampleBlocks {

    private static final Pattern MARKER = Pattern.compile("example: (\\S+)( excerpt)?");

    private ExampleBlocks() {}

    /**
     * How the documents' example blocks differ from the project's files, each as
     * {@code file:line: what}.
     *
     * @param root the repository root, which paths in markers are relative to
     * @param docs the documents that together show the project
     * @param project the example project's directory
     */
    static List<String> problems(Path root, List<Markdown> docs, Path project) {
        List<String> problems = new ArrayList<>();
        Set<Path> shown = new HashSet<>();
        for (Markdown doc : docs) {
            check(root, doc, shown, problems);
        }
        String names = String.join(", ", docs.stream().map(Markdown::name).toList());
        for (Path file : files(project)) {
            if (!shown.contains(file)) {
                problems.add(names + ": " + root.relativize(file) + " is not shown (no block marked <!-- example: "
                        + root.relativize(file) + " -->)");
            }
        }
        return problems;
    }

    private static void check(Path root, Markdown doc, Set<Path> shown, List<String> problems) {
        for (Markdown.CodeBlock block : doc.codeBlocks()) {
            Matcher marker = MARKER.matcher(block.comment());
            if (!marker.matches()) {
                continue;
            }
            Path file = root.resolve(marker.group(1)).normalize();
            String where = doc.name() + ":" + block.line() + ": ";
            if (!Files.isRegularFile(file)) {
                problems.add(where + "the block shows " + marker.group(1) + ", which does not exist");
                continue;
            }
            shown.add(file);
            List<String> expected = read(file);
            List<String> actual = block.text().lines().toList();
            if (marker.group(2) != null) {
                if (!isExcerpt(actual, expected)) {
                    problems.add(where + "the block is not an excerpt of " + marker.group(1));
                }
            } else if (!actual.equals(expected)) {
                problems.add(
                        where + "the block differs from " + marker.group(1) + ": " + firstDifference(actual, expected));
            }
        }
    }

    private static boolean isExcerpt(List<String> block, List<String> file) {
        for (int start = 0; start + block.size() <= file.size(); start++) {
            if (dedent(file.subList(start, start + block.size())).equals(block)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        int strip = indent == Integer.MAX_VALUE ? 0 : indent;
        return lines.stream()
                .map(line -> line.isBlank() ? "" : line.substring(strip))
                .toList();
    }

    private static String firstDifference(List<String> block, List<String> file) {
        for (int i = 0; i < Math.max(block.size(), file.size()); i++) {
            String shown = i < block.size() ? "'" + block.get(i) + "'" : "nothing";
            String real = i < file.size() ? "'" + file.get(i) + "'" : "nothing";
            if (!shown.equals(real)) {
                return "line " + (i + 1) + " of the block is " + shown + ", the file has " + real;
            }
        }
        return "they differ in line endings";
    }

    private static List<Path> files(Path project) {
        List<Path> files = new ArrayList<>();
        files.add(project.resolve("pom.xml"));
        if (!Files.isDirectory(project.resolve("src"))) {
            return files;
        }
        try (Stream<Path> sources = Files.walk(project.resolve("src"))) {
            sources.filter(Files::isRegularFile).sorted().forEach(files::add);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
