package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests with seeded generators (fixed seeds, bounded tries, so they are fast and
 * repeatable in verify). For a longer search, raise the tries and change the seed:
 * {@code ./mvnw -pl flags-core -am test -Dtest=RandomInputPropertyTests -Dsurefire.failIfNoSpecifiedTests=false -Dflags.property.tries=100000
 * -Dflags.property.seed=42}. A failure names the seed and the try, which reproduce it.
 */
class RandomInputPropertyTests {

    private static final int TRIES = Integer.getInteger("flags.property.tries", 2000);
    private static final long SEED = Long.getLong("flags.property.seed", 20261201L);

    private static final String[] WORDS = {
        "flags",
        "segments",
        "type",
        "variants",
        "default-variant",
        "off-variant",
        "rules",
        "when",
        "serve",
        "fallthrough",
        "attribute",
        "operator",
        "value",
        "values",
        "negate",
        "distribution",
        "progressive",
        "steps",
        "at",
        "targets",
        "prerequisites",
        "flag",
        "variant",
        "status",
        "tags",
        "on",
        "off",
        "true",
        "in",
        "equals",
        "before",
        "after",
        "less-than",
        "matches",
        "semver-equal",
        "in-segment",
        "included",
        "experiment",
        "active-from",
        "boolean",
        "string",
        "integer",
        "object",
        "a",
        "b",
        "2026-01-01",
        ""
    };

    @Test
    void theReaderThrowsNothingButDefinitionsExceptionForRandomTrees() {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            Object tree = tree(random, 0);
            try {
                DefinitionsReader.fromTree("random", tree);
            } catch (DefinitionsException expected) {
                assertThat(expected.errors()).as("seed %d try %d", SEED, i).isNotEmpty();
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + SEED + " try " + i + ": " + tree, e);
            }
        }
    }

    @Test
    void theReaderThrowsNothingButDefinitionsExceptionForMutatedText() throws IOException {
        byte[] full = fixture();
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            byte[] bytes = full.clone();
            for (int m = 0; m < 1 + random.nextInt(4); m++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                DefinitionsReader.parse("mutated.yml", bytes).requireValid("mutated.yml");
            } catch (DefinitionsException expected) {
                assertThat(expected.errors()).as("seed %d try %d", SEED, i).isNotEmpty();
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + SEED + " try " + i, e);
            }
        }
    }

    @Test
    void evaluationNeverThrowsForRandomContexts() throws IOException {
        Definitions definitions = DefinitionsReader.parse("full.yml", fixture());
        Random random = new Random(SEED);
        try (FlagManager flags = FlagManager.builder().definitions(definitions).build()) {
            for (int i = 0; i < TRIES; i++) {
                EvaluationContext.Builder context = EvaluationContext.builder();
                if (random.nextBoolean()) {
                    context.targetingKey(String.valueOf(random.nextLong()));
                }
                for (int a = 0; a < random.nextInt(6); a++) {
                    context.attribute(WORDS[random.nextInt(WORDS.length)], scalar(random));
                }
                EvaluationContext built = context.build();
                for (var flag : definitions.flags()) {
                    EvaluationDetails<Object> details = flags.evaluate(flag.key(), built);
                    assertThat(details.reason())
                            .as("seed %d try %d flag %s", SEED, i, flag.key())
                            .isNotEqualTo(Reason.ERROR);
                }
            }
        }
    }

    @Test
    void writingDefinitionsAndReadingThemBackGivesTheSameModel() throws IOException {
        Definitions definitions = DefinitionsReader.parse("full.yml", fixture());
        assertThat(DefinitionsReader.read("written.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
        assertThat(DefinitionsReader.read("written.json", DefinitionsWriter.toJson(definitions)))
                .isEqualTo(definitions);
    }

    /** Fewer documents than tries: each one is evaluated for many contexts. */
    private static final int DOCUMENTS = Math.max(1, TRIES / 10);

    @Test
    void generatedDefinitionsAreReadValidatedEvaluatedWithoutErrorAndWrittenBackUnchanged() {
        Random random = new Random(SEED);
        GeneratedDefinitions generator = new GeneratedDefinitions(random);
        for (int i = 0; i < DOCUMENTS; i++) {
            String text = DefinitionsWriter.yaml(generator.document());
            Definitions definitions;
            try {
                definitions = DefinitionsReader.read("generated.yml", text);
            } catch (DefinitionsException e) {
                throw new AssertionError(
                        "seed " + SEED + " document " + i + " was refused: " + e.getMessage() + "\n" + text, e);
            }
            assertThat(DefinitionsReader.read("written.yml", DefinitionsWriter.toYaml(definitions)))
                    .as("seed %d document %d written as YAML and read back\n%s", SEED, i, text)
                    .isEqualTo(definitions);
            assertThat(DefinitionsReader.read("written.json", DefinitionsWriter.toJson(definitions)))
                    .as("seed %d document %d written as JSON and read back\n%s", SEED, i, text)
                    .isEqualTo(definitions);
            try (FlagManager flags =
                    FlagManager.builder().definitions(definitions).build()) {
                for (int c = 0; c < 20; c++) {
                    EvaluationContext context = generator.context();
                    for (var flag : definitions.flags()) {
                        EvaluationDetails<Object> details = flags.evaluate(flag.key(), context);
                        assertThat(details.reason())
                                .as(
                                        "seed %d document %d flag %s context %s: %s\n%s",
                                        SEED, i, flag.key(), context, details.errorMessage(), text)
                                .isNotEqualTo(Reason.ERROR);
                    }
                }
            }
        }
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = RandomInputPropertyTests.class.getResourceAsStream("/definitions/full.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static @Nullable Object tree(Random random, int depth) {
        int kind = depth > 6 ? 4 + random.nextInt(5) : random.nextInt(9);
        switch (kind) {
            case 0, 1, 2: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < random.nextInt(5); i++) {
                    map.put(WORDS[random.nextInt(WORDS.length)], tree(random, depth + 1));
                }
                return map;
            }
            case 3: {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    list.add(tree(random, depth + 1));
                }
                return list;
            }
            default:
                return scalar(random);
        }
    }

    private static @Nullable Object scalar(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 ->
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e308, random.nextDouble()}
                        [random.nextInt(5)];
            case 5 ->
                new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01", "2026-06-01T00:00:00Z"}
                        [random.nextInt(3)];
            case 6 ->
                java.time.Instant.ofEpochSecond(random.nextLong(
                        java.time.Instant.MIN.getEpochSecond(), java.time.Instant.MAX.getEpochSecond()));
            default -> WORDS[random.nextInt(WORDS.length)];
        };
    }
}
