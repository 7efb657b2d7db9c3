package dev.flags.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The repository the checks read: its root and its Markdown files. */
final class Repository {

    // Build output, tool state and the sample's database: nothing there is documentation.
    private static final Set<String> SKIPPED = Set.of("target", "data", "node_modules");

    private Repository() {}

    /** The repository root: surefire runs in the module directory, one level below it. */
    static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("No README.md in " + root + "; run the checks from flags-docs");
        }
        return root;
    }

    /** Every Markdown file of the repository, by path. */
    static List<Path> markdownFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".md"))
                    .filter(file -> !skipped(root.relativize(file)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || SKIPPED.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
