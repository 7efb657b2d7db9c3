package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keeps the worked example of docs/flagd.md true: {@code docs/examples/flagd/checkout.flagd.json}
 * and its hand-moved form {@code checkout.yml} serve every context the same value and variant
 * (flagd's {@code fractional} answering TARGETING_MATCH where the distribution answers SPLIT), and
 * the way back with {@code Flagd.write} loses nothing.
 */
class FlagdMigrationExampleTests {

    private static byte[] example(String name) throws IOException {
        try (InputStream in = FlagdMigrationExampleTests.class.getResourceAsStream("/docs-examples/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theFlagdFileAndItsMovedFormAnswerAlike() throws IOException {
        Definitions fromFlagd = Flagd.read("checkout.flagd.json", example("checkout.flagd.json"));
        Definitions ours =
                DefinitionsReader.read("checkout.yml", new String(example("checkout.yml"), StandardCharsets.UTF_8));
        assertThat(fromFlagd.flag("new-checkout").rules())
                .as("compiled: the docs name these rules")
                .extracting(r -> r.id())
                .containsExactly("if-1", "if-2");
        try (FlagManager a = FlagManager.builder().definitions(fromFlagd).build();
                FlagManager b = FlagManager.builder().definitions(ours).build()) {
            int split = 0;
            for (EvaluationContext context : contexts()) {
                EvaluationDetails<Object> flagd = a.evaluate("new-checkout", context);
                EvaluationDetails<Object> moved = b.evaluate("new-checkout", context);
                assertThat(moved.value()).as("%s", context).isEqualTo(flagd.value());
                assertThat(moved.variant()).as("%s", context).isEqualTo(flagd.variant());
                assertThat(moved.flagMetadata()).containsEntry("owner", "checkout-team");
                if (moved.reason() == Reason.SPLIT) {
                    assertThat(flagd.reason()).as("flagd's fractional").isEqualTo(Reason.TARGETING_MATCH);
                    split++;
                } else {
                    assertThat(moved.reason()).as("%s", context).isEqualTo(flagd.reason());
                }
            }
            assertThat(split).isGreaterThan(100);
        }
    }

    @Test
    void theWayBackLosesNothing() throws IOException {
        Definitions ours =
                DefinitionsReader.read("checkout.yml", new String(example("checkout.yml"), StandardCharsets.UTF_8));
        FlagdExport export = Flagd.write(ours);
        assertThat(export.notWritten()).isEmpty();
        assertThat(export.json())
                .contains("{\"ends_with\":[{\"var\":\"email\"},\"@shop.example\"]},\"on\"")
                .contains("{\"fractional\":[[\"on\",20],[\"off\",80]]}");
        Definitions back = Flagd.read("back.flagd.json", export.json().getBytes(StandardCharsets.UTF_8));
        Definitions original = Flagd.read("checkout.flagd.json", example("checkout.flagd.json"));
        FlagdExport again = Flagd.write(original);
        Map<?, ?> flag = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>)
                                DefinitionsReader.tree("again", again.json().getBytes(StandardCharsets.UTF_8)))
                        .get("flags"))
                .get("new-checkout");
        assertThat(DefinitionsWriter.json(flag.get("targeting")))
                .as("a flag read from flagd goes back as its targeting, the $ref resolved")
                .isEqualTo(
                        "{\"if\":[{\"ends_with\":[{\"var\":\"email\"},\"@shop.example\"]},\"on\","
                                + "{\"in\":[{\"var\":\"plan\"},[\"pro\",\"team\"]]},{\"fractional\":[[\"on\",20],[\"off\",80]]}]}");
        try (FlagManager a = FlagManager.builder().definitions(ours).build();
                FlagManager b = FlagManager.builder().definitions(back).build()) {
            for (EvaluationContext context : contexts()) {
                assertThat(b.evaluate("new-checkout", context).value())
                        .as("%s", context)
                        .isEqualTo(a.evaluate("new-checkout", context).value());
            }
        }
    }

    private static List<EvaluationContext> contexts() {
        Random random = new Random(5);
        List<String> emails = List.of("ann@shop.example", "bob@else.org", "");
        List<String> plans = List.of("pro", "team", "free");
        List<EvaluationContext> contexts = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            EvaluationContext.Builder builder = EvaluationContext.builder();
            if (random.nextInt(8) > 0) {
                builder.targetingKey("user-" + i);
            }
            if (random.nextBoolean()) {
                builder.attribute("email", emails.get(random.nextInt(emails.size())));
            }
            if (random.nextInt(4) > 0) {
                builder.attribute("plan", plans.get(random.nextInt(plans.size())));
            }
            contexts.add(builder.build());
        }
        return contexts;
    }
}
