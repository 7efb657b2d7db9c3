package dev.flags.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/** Helpers for writing the peers' flag files. */
final class Peers {

    private Peers() {}

    static Path tempFile(String prefix, String suffix, String content) {
        try {
            Path file = Files.createTempFile(prefix, suffix);
            file.toFile().deleteOnExit();
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ["DE","FR","NL"]} */
    static String jsonStrings(String... values) {
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        for (String v : values) {
            joiner.add('"' + v + '"');
        }
        return joiner.toString();
    }

    static void reportLoopback(String library, int before) {
        int made = Loopback.get().connections() - before;
        System.out.println(library + ": connections to the loopback counter: " + made);
    }
}
