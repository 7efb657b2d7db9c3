package dev.flags.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkCheckTests {

    @Test
    void everyRelativeLinkOfTheReadmeAndDocsPointsAtAFileAndHeadingThatExist() {
        Path root = Repository.root();
        List<Path> files = Repository.markdownFiles(root);

        assertThat(files).contains(root.resolve("README.md"), root.resolve("docs/spring-boot.md"));
        assertThat(LinkCheck.problems(root, files)).as("broken links").isEmpty();
    }

    @Test
    void namesTheFileAndLineOfALinkToAMissingFileOrHeading(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.md"), "# A page\n\n## Second part\n");
        Files.writeString(root.resolve("README.md"), """
                # Title

                See [a](docs/a.md), [its part](docs/a.md#second-part) and [the title](#title).
                [gone](docs/gone.md) and [no such part](docs/a.md#third-part),
                `[in code](nowhere.md)`, [outside](https://example.com/x.md).

                ```
                [in a block](nowhere.md)
                ```
                """);

        assertThat(LinkCheck.problems(root, List.of(root.resolve("README.md"))))
                .containsExactly(
                        "README.md:4: link 'docs/gone.md' points at no file (docs/gone.md)",
                        "README.md:4: link 'docs/a.md#third-part' points at no heading '#third-part' in docs/a.md");
    }

    @Test
    void anchorsFollowGitHubsHeadingSlugs() {
        Markdown doc = Markdown.of("doc.md", """
                # Runtime management: store, admin API, permissions, audit
                ## `@FeatureToggle`
                ### YAML 1.1 and property binding
                ## The sample app
                ## The sample app
                ## Links [in](x.md) headings_kept
                """);

        assertThat(doc.anchors())
                .containsExactly(
                        "runtime-management-store-admin-api-permissions-audit",
                        "featuretoggle",
                        "yaml-11-and-property-binding",
                        "the-sample-app",
                        "the-sample-app-1",
                        "links-in-headings_kept");
    }
}
