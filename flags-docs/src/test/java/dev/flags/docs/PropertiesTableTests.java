package dev.flags.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PropertiesTableTests {

    private static final JsonNode METADATA = JsonMapper.builder().build().readTree("""
                    {"properties": [
                      {"name": "flags.enabled", "type": "java.lang.Boolean", "defaultValue": true,
                       "description": "Whether to auto-configure flags at all."},
                      {"name": "flags.sources", "type": "java.util.List<java.lang.String>",
                       "description": "Definition files, a|b."},
                      {"name": "flags.watch", "defaultValue": "1s", "description": "How often."}
                    ]}
                    """);

    @Test
    void tableOfTheSpringBootPageListsExactlyTheConfigurationMetadata() throws IOException {
        Path root = Repository.root();
        JsonNode metadata = PropertiesTable.metadata();
        // The table as it must read, to paste between the markers when a property changes.
        Files.writeString(Path.of("target", "properties-table.md"), PropertiesTable.render(metadata));

        assertThat(PropertiesTable.problems(Markdown.read(root, root.resolve("docs/spring-boot.md")), metadata))
                .as("docs/spring-boot.md against the configuration metadata (the generated table is in"
                        + " flags-docs/target/properties-table.md)")
                .isEmpty();
    }

    @Test
    void rendersOneRowPerPropertyWithItsDefaultAndDescription() {
        assertThat(PropertiesTable.render(METADATA)).isEqualTo("""
                        | Property | Default | Description |
                        | --- | --- | --- |
                        | `flags.enabled` | `true` | Whether to auto-configure flags at all. |
                        | `flags.sources` | | Definition files, a\\|b. |
                        | `flags.watch` | `1s` | How often. |
                        """);
    }

    @Test
    void namesTheLineOfEveryMissingExtraOrDifferentRow() {
        Markdown doc =
                Markdown.of("docs/spring-boot.md", PropertiesTable.START + "\n" + """
                        | Property | Default | Description |
                        | --- | --- | --- |
                        | `flags.enabled` | `false` | Whether to auto-configure flags at all. |
                        | `flags.watch` | `1s` | How often. |
                        | `flags.gone` | | Removed. |
                        """ + PropertiesTable.END + "\n");

        assertThat(PropertiesTable.problems(doc, METADATA))
                .containsExactly(
                        "docs/spring-boot.md:4: flags.enabled differs from the configuration metadata: expected"
                                + " | `flags.enabled` | `true` | Whether to auto-configure flags at all. |",
                        "docs/spring-boot.md:6: flags.gone is in the table but not in the configuration metadata",
                        "docs/spring-boot.md:1: flags.sources is in the configuration metadata but not in the table");
    }

    @Test
    void reportsATableInAnotherOrderAndAMissingTable() {
        List<String> reversed = new ArrayList<>(
                PropertiesTable.render(METADATA).lines().toList().subList(2, 5));
        Collections.reverse(reversed);
        String rows = String.join("\n", reversed) + "\n";
        Markdown reordered = Markdown.of(
                "doc.md",
                PropertiesTable.START + "\n| Property | Default | Description |\n| --- | --- | --- |\n" + rows
                        + PropertiesTable.END + "\n");

        assertThat(PropertiesTable.problems(reordered, METADATA))
                .containsExactly("doc.md:2: the table's header or order differs from the generated one");
        assertThat(PropertiesTable.problems(Markdown.of("doc.md", "# No table\n"), METADATA))
                .containsExactly("doc.md: no properties table between the lines '" + PropertiesTable.START + "' and '"
                        + PropertiesTable.END + "'");
    }
}
