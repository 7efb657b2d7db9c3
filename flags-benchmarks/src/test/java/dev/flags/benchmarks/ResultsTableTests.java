package dev.flags.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table {@code run.sh} writes from JMH's JSON, here from two JMH runs as the full run makes them. */
class ResultsTableTests {

    private static String run(String benchmark, double median, double bytes) {
        return """
                {"benchmark": "dev.flags.benchmarks.%s",
                 "primaryMetric": {"score": %s, "scoreError": 0.5, "scoreUnit": "ns/op",
                                   "scorePercentiles": {"50.0": %s}},
                 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s}}}
                """.formatted(benchmark, median, median, bytes);
    }

    @Test
    void readsEveryRunOfSeveralJsonFilesIntoOneTable(@TempDir Path dir) throws Exception {
        Path most = dir.resolve("jmh.json");
        Path floor = dir.resolve("jmh-floor.json");
        Files.writeString(most, "[" + run("TogglzBench.w2Targeted", 60.0, 96) + "]");
        Files.writeString(
                floor,
                "[" + run("FlagsBench.w2Targeted", 30.0, 0) + "," + run("PlainJavaBench.w2Targeted", 20.0, 0) + "]");
        Path out = dir.resolve("RESULTS.md");

        ResultsTable.main(new String[] {
            most + "," + floor, dir.resolve("missing-checks.md").toString(), out.toString(), "-f 1; floor -f 5"
        });

        String table = Files.readString(out);
        assertThat(table).contains("(JMH `-f 1; floor -f 5`)");
        assertThat(table).contains("| W2 within 1.5x of the plain-Java floor | 1.50x of the floor | yes |");
        assertThat(table).contains("| W2 | 30.0 |");
        assertThat(table).contains("60.0 (2.00x)");
    }
}
