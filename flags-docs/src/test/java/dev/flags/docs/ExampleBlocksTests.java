package dev.flags.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleBlocksTests {

    @Test
    void readmeQuickStartShowsEveryFileOfTheExampleProjectAsItIs() {
        Path root = Repository.root();

        assertThat(ExampleBlocks.problems(
                        root, Markdown.read(root, root.resolve("README.md")), root.resolve("examples/quickstart")))
                .as("README.md against examples/quickstart")
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

        assertThat(ExampleBlocks.problems(root, readme, project))
                .containsExactly(
                        "README.md:9: the block differs from example/src/main/resources/application.yml: line 2 of"
                                + " the block is '  watch: false', the file has '  watch: true'",
                        "README.md: example/src/main/resources/other.yml is not shown (no block marked <!-- example:"
                                + " example/src/main/resources/other.yml -->)");
    }

    @Test
    void anExcerptMustBeConsecutiveLinesOfTheFile(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project>\n  <a/>\n  <b/>\n  <c/>\n</project>\n");
        Markdown readme = Markdown.of("README.md", "<!-- example: pom.xml excerpt -->\n```xml\n<a/>\n<c/>\n```\n");

        assertThat(ExampleBlocks.problems(root, readme, root))
                .contains("README.md:2: the block is not an excerpt of pom.xml");
    }
}
