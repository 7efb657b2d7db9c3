package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlagdWriterTests {

    private static final Definitions OURS = DefinitionsReader.read("flags.yml", """
            flags:
              checkout:
                default-variant: "off"
                targets:
                  "on": [ann, bob]
                rules:
                  - id: staff
                    when:
                      - {attribute: email, operator: ends-with, values: ["@shop.example", "@shop.test"]}
                      - {attribute: plan, operator: in, values: [pro, team]}
                    serve: "on"
                fallthrough:
                  distribution: {"on": 20, "off": 80}
              color:
                type: string
                variants: {green: "#0f0", blue: "#00f"}
                default-variant: green
                bucket-by: org.id
                salt: colors
                rules:
                  - id: beta
                    when: [{attribute: org.tier, operator: equals, value: beta}]
                    serve: {distribution: {green: 50, blue: 50}}
                metadata: {team: web}
              limit:
                type: integer
                variants: {low: 10, high: 100}
                default-variant: low
                rules:
                  - id: pro
                    when: [{attribute: plan, operator: equals, value: pro}]
                    serve: high
                fallthrough: low
              killed:
                status: emergency-off
                default-variant: "on"
              by-version:
                default-variant: "off"
                rules:
                  - id: new-app
                    when: [{attribute: version, operator: semver-in-range, value: ">=2.0.0"}]
                    serve: "on"
              by-group:
                default-variant: "off"
                rules:
                  - id: admins
                    when: [{attribute: groups, operator: contains, value: admins}]
                    serve: "on"
              split-first:
                default-variant: "off"
                rules:
                  - id: half
                    when: [{attribute: plan, operator: equals, value: pro}]
                    serve: {distribution: {"on": 50, "off": 50}}
                  - id: rest
                    when: [{attribute: plan, operator: equals, value: team}]
                    serve: "on"
            """);

    @Test
    void writesWhatFlagdCanExpressAndListsTheRestWithTheReason() {
        FlagdExport export = Flagd.write(OURS);
        assertThat(export.notWritten())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "by-version", "a condition semver-in-range",
                        "by-group", "a condition on 'groups'",
                        "split-first", "rule 'half' distributes before other rules"));
        Definitions back = Flagd.read("export.flagd.json", export.json().getBytes(StandardCharsets.UTF_8));
        assertThat(back.flags()).extracting(f -> f.key()).containsExactly("checkout", "color", "limit", "killed");
        assertThat(back.flag("color").metadata()).containsEntry("team", "web");
    }

    @Test
    void writesFlagdsJson() {
        FlagdExport export = Flagd.write(Definitions.of(OURS.flag("limit")));
        assertThat(export.json().strip())
                .isEqualTo("{\"$schema\":\"https://flagd.dev/schema/v0/flags.json\",\"flags\":{\"limit\":{"
                        + "\"state\":\"ENABLED\",\"variants\":{\"low\":10,\"high\":100},\"defaultVariant\":\"low\","
                        + "\"targeting\":{\"if\":[{\"==\":[{\"var\":\"plan\"},\"pro\"]},\"high\"]}}}}");
    }

    @Test
    void whatIsWrittenServesTheSameVariantsWhenReadBack() {
        FlagdExport export = Flagd.write(OURS);
        Definitions back = Flagd.read("export.flagd.json", export.json().getBytes(StandardCharsets.UTF_8));
        Random random = new Random(7);
        List<String> emails = List.of("a@shop.example", "b@shop.test", "c@else.org");
        List<String> plans = List.of("pro", "team", "free");
        try (FlagManager ours = FlagManager.builder().definitions(OURS).build();
                FlagManager flagd = FlagManager.builder().definitions(back).build()) {
            for (int i = 0; i < 1000; i++) {
                EvaluationContext.Builder context = EvaluationContext.builder();
                if (random.nextInt(6) > 0) {
                    context.targetingKey(random.nextInt(20) == 0 ? "ann" : "user-" + random.nextInt(1000));
                }
                if (random.nextBoolean()) {
                    context.attribute("email", emails.get(random.nextInt(emails.size())));
                }
                if (random.nextBoolean()) {
                    context.attribute("plan", plans.get(random.nextInt(plans.size())));
                }
                if (random.nextInt(3) > 0) {
                    context.attribute(
                            "org",
                            Map.of("id", "org-" + random.nextInt(300), "tier", random.nextBoolean() ? "beta" : "ga"));
                }
                EvaluationContext built = context.build();
                for (String key : List.of("checkout", "color", "limit", "killed")) {
                    EvaluationDetails<Object> expected = ours.evaluate(key, built);
                    EvaluationDetails<Object> actual = flagd.evaluate(key, built);
                    assertThat(actual.value()).as("%s for %s", key, built).isEqualTo(expected.value());
                }
            }
        }
    }
}
