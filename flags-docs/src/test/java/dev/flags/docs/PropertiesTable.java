package dev.flags.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties table of docs/spring-boot.md, generated from the configuration metadata of the
 * auto-configuration module: one row per property with its default and description, in the
 * metadata's order. The table sits between two markers so that the check knows where it is.
 */
final class PropertiesTable {

    static final String START = "<!-- properties: generated from the configuration metadata, checked by flags-docs -->";
    static final String END = "<!-- end of properties -->";
    private static final String HEADER = "| Property | Default | Description |\n| --- | --- | --- |\n";

    private PropertiesTable() {}

    /** The metadata the configuration processor wrote for the flags auto-configuration module. */
    static JsonNode metadata() {
        try {
            List<URL> ours = new ArrayList<>();
            for (URL url : Collections.list(PropertiesTable.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                if (url.toString().contains("flags-spring-boot-autoconfigure")) {
                    ours.add(url);
                }
            }
            if (ours.size() != 1) {
                throw new IllegalStateException(
                        "Expected the metadata of flags-spring-boot-autoconfigure on the classpath once, found "
                                + ours);
            }
            try (InputStream in = ours.get(0).openStream()) {
                return JsonMapper.builder().build().readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table as it must read, header included, one line per property. */
    static String render(JsonNode metadata) {
        StringBuilder table = new StringBuilder(HEADER);
        rows(metadata).values().forEach(row -> table.append(row).append('\n'));
        return table.toString();
    }

    /**
     * How the table in the document differs from the metadata, each as {@code file:line: what}.
     *
     * @param doc the document holding the table between {@link #START} and {@link #END}
     * @param metadata the configuration metadata
     */
    static List<String> problems(Markdown doc, JsonNode metadata) {
        List<String> lines = doc.lines();
        int start = lines.indexOf(START);
        int end = lines.indexOf(END);
        if (start < 0 || end < start) {
            return List.of(doc.name() + ": no properties table between the lines '" + START + "' and '" + END + "'");
        }
        Map<String, String> expected = rows(metadata);
        Map<String, Integer> documented = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (int i = start + 1; i < end; i++) {
            String line = lines.get(i);
            table.append(line).append('\n');
            if (!line.startsWith("| `")) {
                continue;
            }
            String name = line.substring(3, line.indexOf('`', 3));
            documented.put(name, i + 1);
            String row = expected.get(name);
            if (row == null) {
                problems.add(doc.name() + ":" + (i + 1) + ": " + name
                        + " is in the table but not in the configuration metadata");
            } else if (!row.equals(line)) {
                problems.add(doc.name() + ":" + (i + 1) + ": " + name + " differs from the configuration metadata: "
                        + "expected " + row);
            }
        }
        for (String name : expected.keySet()) {
            if (!documented.containsKey(name)) {
                problems.add(doc.name() + ":" + (start + 1) + ": " + name
                        + " is in the configuration metadata but not in the table");
            }
        }
        if (problems.isEmpty() && !table.toString().equals(render(metadata))) {
            problems.add(
                    doc.name() + ":" + (start + 2) + ": the table's header or order differs from the generated one");
        }
        return problems;
    }

    private static Map<String, String> rows(JsonNode metadata) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            String defaultValue = defaultValue(property.path("defaultValue"));
            String description = property.path("description").asString("").replace("|", "\\|");
            rows.put(
                    name,
                    "| `" + name + "` | " + (defaultValue.isEmpty() ? "" : "`" + defaultValue + "` ") + "| "
                            + description + " |");
        }
        return rows;
    }

    private static String defaultValue(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asString()));
            return String.join(", ", items);
        }
        return value.asString();
    }
}
