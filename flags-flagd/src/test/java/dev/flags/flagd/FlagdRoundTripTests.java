package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.Conformance;
import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Serve;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A flag read from a flagd file, interpreted targeting and compiled rules with their guard alike,
 * keeps its meaning through this project's YAML and JSON, the JDBC store (PostgreSQL) and the
 * fleet's backup file: written, read back and evaluated, it answers every context as before.
 */
class FlagdRoundTripTests {

    private static Definitions flagd;

    @BeforeAll
    static void readTheTestBedsFlagsAndMore() throws Exception {
        byte[] testkit = Files.readAllBytes(Conformance.dir().resolve("flagd-testbed/flags/testkit-flags.json"));
        List<FlagDefinition> flags =
                new ArrayList<>(Flagd.read("testkit", testkit).flags());
        flags.addAll(Flagd.read("more", """
                        {"flags": {
                          "loose": {"state": "ENABLED", "variants": {"a": "a", "b": "b"},
                            "targeting": {"if": [{"==": [{"var": "age"}, "1"]}, "a",
                                                 {"fractional": [{"cat": ["s", {"var": "org.id"}]}, ["a", 1], ["b", 3]]}]}},
                          "numeric": {"state": "ENABLED", "variants": {"a": "a", "b": "b"}, "defaultVariant": "b",
                            "targeting": {"if": [{">": [{"var": "age"}, 17]}, "a"]}}
                        }}""".getBytes(StandardCharsets.UTF_8)).flags());
        flagd = new Definitions(flags, List.of());
        assertThat(flagd.flag("numeric").rules().get(0).serve()).isInstanceOf(Serve.Computed.class);
        assertThat(flagd.flag("loose").rules().get(0).serve())
                .as("the guard of compiled rules")
                .isInstanceOf(Serve.Computed.class);
        assertThat(flagd.flag("loose").defaultVariant()).isNull();
    }

    @Test
    void yamlAndJsonReadBackToFlagsThatAnswerAlike() {
        String yaml = DefinitionsWriter.toYaml(flagd);
        assertThat(yaml)
                .contains("language: flagd JSON Logic")
                .contains("language: flagd JSON Logic guard")
                .contains("reason: targeting-match")
                .contains("default-variant: null");
        Definitions fromYaml = DefinitionsReader.read("flags.yml", yaml);
        Definitions fromJson = DefinitionsReader.read("flags.json", DefinitionsWriter.toJson(flagd));
        assertThat(DefinitionsWriter.toYaml(fromYaml)).isEqualTo(yaml);
        assertThat(DefinitionsWriter.toYaml(fromJson)).isEqualTo(yaml);
        assertAnswerAlike(flagd, fromYaml);
        assertAnswerAlike(flagd, fromJson);
    }

    @Test
    void theJdbcStoreAndTheBackupFileHoldThemAndTheyAnswerAlike(@TempDir Path directory) throws Exception {
        String prefix = "flagd_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        FlagStore store = JdbcFlags.store(dataSource(5432)).tablePrefix(prefix).build();
        for (FlagDefinition flag : flagd.flags()) {
            store.putFlag(flag, FlagStore.NEW, ChangeNote.of(AuditAction.CREATE, "test"));
        }
        List<FlagDefinition> stored = new ArrayList<>();
        for (FlagDefinition flag : flagd.flags()) {
            stored.add(store.flag(flag.key()).definition());
        }
        assertAnswerAlike(flagd, new Definitions(stored, List.of()));

        Path backup = directory.resolve("flags-backup.json");
        Following following =
                Following.DEFAULTS.withInterval(Duration.ofMillis(200)).withBackupFile(backup);
        FollowingSource source = FlagStores.follow(store, following);
        try (FlagManager followed = FlagManager.builder().source(source).build()) {
            assertAnswerAlike(flagd, followed);
        }
        assertThat(Files.readString(backup)).contains("flagd JSON Logic guard");

        // The database is out of reach: a restarted instance serves the backup file.
        FlagStore unreachable =
                JdbcFlags.store(dataSource(1)).tablePrefix(prefix).build();
        FollowingSource restarted = FlagStores.follow(unreachable, following);
        try (FlagManager fromBackup = FlagManager.builder().source(restarted).build()) {
            assertThat(restarted.status().servingBackup()).isTrue();
            assertAnswerAlike(flagd, fromBackup);
        }
    }

    private static PGSimpleDataSource dataSource(int port) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:" + port + "/test");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }

    private static void assertAnswerAlike(Definitions expected, Definitions actual) {
        try (FlagManager flags = FlagManager.builder().definitions(actual).build()) {
            assertAnswerAlike(expected, flags);
        }
    }

    private static void assertAnswerAlike(Definitions expected, FlagManager actual) {
        Random random = new Random(3);
        try (FlagManager original = FlagManager.builder().definitions(expected).build()) {
            for (int i = 0; i < 300; i++) {
                EvaluationContext context = context(random, i);
                for (FlagDefinition flag : expected.flags()) {
                    EvaluationDetails<Object> x = original.evaluate(flag.key(), context);
                    EvaluationDetails<Object> y = actual.evaluate(flag.key(), context);
                    String what = flag.key() + " for " + context;
                    assertThat(y.value()).as(what).isEqualTo(x.value());
                    assertThat(y.variant()).as(what).isEqualTo(x.variant());
                    assertThat(y.reason()).as(what).isEqualTo(x.reason());
                    assertThat(y.ruleId()).as(what).isEqualTo(x.ruleId());
                    assertThat(y.errorCode()).as(what).isEqualTo(x.errorCode());
                    if (x.errorCode() == ErrorCode.PARSE_ERROR) {
                        // Stored targeting has no $evaluators: the message names the $ref, not the file.
                        String problem = String.valueOf(x.errorMessage())
                                .replaceAll("^.*(\\$ref '[^']*' names no entry of \\$evaluators).*$", "$1");
                        assertThat(problem).startsWith("$ref");
                        assertThat(y.errorMessage()).as(what).contains(problem);
                    } else {
                        assertThat(y.errorMessage()).as(what).isEqualTo(x.errorMessage());
                    }
                }
            }
        }
    }

    private static EvaluationContext context(Random random, int i) {
        EvaluationContext.Builder builder = EvaluationContext.builder();
        if (random.nextInt(5) > 0) {
            builder.targetingKey("user-" + random.nextInt(100));
        }
        List<Object> ages = List.of(1, "1", 1.0, true, 17, 18, List.of("1"), "x");
        builder.attribute("age", ages.get(random.nextInt(ages.size())));
        if (random.nextBoolean()) {
            builder.attribute("email", random.nextBoolean() ? "ballmer@macrosoft.com" : "ann@x.io");
        }
        if (random.nextBoolean()) {
            builder.attribute("version", random.nextBoolean() ? "1.2.3" : "2.0.0");
        }
        if (random.nextBoolean()) {
            builder.attribute("user", Map.of("name", "name-" + random.nextInt(50)));
        }
        if (random.nextBoolean()) {
            builder.attribute("org", random.nextBoolean() ? Map.of("id", "o" + i) : Map.of("id", i));
        }
        return builder.build();
    }
}
