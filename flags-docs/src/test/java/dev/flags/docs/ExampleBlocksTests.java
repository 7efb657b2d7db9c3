package dev.flags.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleBlocksTests {

    @Test
    void readmeAndTheQuickStartPageShowEveryFileOfTheExampleProjectAsItIs() {
        Path root = Repository.root();
        List<Markdown> docs = List.of(
                Markdown.read(root, root.resolve("README.md")),
                Markdown.read(root, root.resolve("docs/quickstart.md")));

        assertThat(ExampleBlocks.problems(root, docs, root.resolve("examples/quickstart")))
                .as("README.md and docs/quickstart.md against examples/quickstart")
                .isEmpty();
    }

    @Test
    void namesTheLineOfABlockThatDriftedAndTheFilesNotShown(@TempDir Path root) throws IOException {
        Path project = root.resolve("example");
        Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(
                project.resolve("pom.xml"),
                "<project>\n  <dependencies>\n    <dependency/>\n  </dependencies>\n</project>\n");
        Files.writeString(project.resolve("src/main/resources/application.yml"), "flags:\n  watch: true\n");
        Files.writeString(project.resolve("src/main/resources/other.yml"), "x: 1\n");
        Markdown readme = Markdown.of("README.md", """
                <!-- example: example/pom.xml excerpt -->
                ```xml
                <dependencies>
                  <dependency/>
                </dependencies>
                ```

                <!-- example: example/src/main/resources/application.yml -->
                ```yaml
                flags:
                  watch: false
                ```
                """);

        assertThat(ExampleBlocks.problems(root, List.of(readme), project))
                .containsExactly(
                        "README.md:9: the block differs from example/src/main/resources/application.yml: line 2 of"
                                + " the block is '  watch: false', the file has '  watch: true'",
                        "README.md: example/src/main/resources/other.yml is not shown (no block marked <!-- example:"
                                + " example/src/main/resources/other.yml -->)");
    }

    @Test
    void aFileShownByAnyOfTheDocumentsCountsAsShown(@TempDir Path root) throws IOException {
        Path project = root.resolve("example");
        Files.createDirectories(project.resolve("src/test"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        Files.writeString(project.resolve("src/test/ShopTests.java"), "class ShopTests {}\n");
        Markdown readme = Markdown.of("README.md", "<!-- example: example/pom.xml -->\n```xml\n<project/>\n```\n");
        Markdown page = Markdown.of(
                "docs/quickstart.md",
                "<!-- example: example/src/test/ShopTests.java -->\n```java\nclass ShopTests {}\n```\n");

        assertThat(ExampleBlocks.problems(root, List.of(readme, page), project)).isEmpty();
        assertThat(ExampleBlocks.problems(root, List.of(readme), project))
                .containsExactly(
                        "README.md: example/src/test/ShopTests.java is not shown (no block marked <!-- example:"
                                + " example/src/test/ShopTests.java -->)");
    }

    @Test
    void anExcerptMustBeConsecutiveLinesOfTheFile(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project>\n  <a/>\n  <b/>\n  <c/>\n</project>\n");
        Markdown readme = Markdown.of("README.md", "<!-- example: pom.xml excerpt -->\n```xml\n<a/>\n<c/>\n```\n");

        assertThat(ExampleBlocks.problems(root, List.of(readme), root))
                .contains("README.md:2: the block is not an excerpt of pom.xml");
    }
}
