package dev.flags;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Finds and reads the shared conformance data, which lives in {@code shared/} beside the repository. */
public final class Conformance {

    private Conformance() {}

    /** The {@code shared/conformance} directory, found from the working directory upwards. */
    public static Path dir() {
        Path current = Path.of("").toAbsolutePath();
        while (current != null) {
            Path candidate = current.resolveSibling("shared").resolve("conformance");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            current = current.getParent();
        }
        throw new IllegalStateException("shared/conformance not found beside any parent of "
                + Path.of("").toAbsolutePath());
    }

    /** Reads a JSON file of the conformance data. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String relativePath) throws java.io.IOException {
        String text = Files.readString(dir().resolve(relativePath));
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }
}
