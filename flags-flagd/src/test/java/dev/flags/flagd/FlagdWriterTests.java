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
                bucket-by: .org.id
                salt: colors
                rules:
                  - id: beta
                    when: [{attribute: .org.tier, operator: equals, value: beta}]
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
              flat-first:
                default-variant: "off"
                rules:
                  - id: tier
                    when: [{attribute: org.tier, operator: equals, value: beta}]
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
                        "flat-first",
                                "a condition on the dotted attribute 'org.tier': this engine reads a flat attribute of"
                                        + " that whole name first, flagd only the nested value (write '.org.tier' for"
                                        + " the nested value only)",
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
                        + "\"targeting\":{\"if\":[{\"===\":[{\"var\":\"plan\"},\"pro\"]},\"high\"]}}}}");
    }

    @Test
    void flagsReadFromAFlagdFileGoBackWithTheirOwnTargeting() throws Exception {
        byte[] testkit = java.nio.file.Files.readAllBytes(
                dev.flags.Conformance.dir().resolve("flagd-testbed/flags/testkit-flags.json"));
        Definitions read = Flagd.read("testkit", testkit);
        FlagdExport export = Flagd.write(read);
        assertThat(export.notWritten()).isEmpty();
        Map<?, ?> original = (Map<?, ?>) ((Map<?, ?>) DefinitionsReader.tree("testkit", testkit)).get("flags");
        Map<?, ?> written = (Map<?, ?>)
                ((Map<?, ?>) DefinitionsReader.tree("export", export.json().getBytes(StandardCharsets.UTF_8)))
                        .get("flags");
        for (String key : List.of("fractional-flag", "equal-greater-lesser-version-flag")) {
            assertThat(((Map<?, ?>) written.get(key)).get("targeting"))
                    .as("%s: compiled with its guard, or interpreted, the targeting goes back as read", key)
                    .isEqualTo(((Map<?, ?>) original.get(key)).get("targeting"));
        }
    }

    @Test
    void saysPreciselyWhatFlagdCannotExpress() {
        Definitions definitions = DefinitionsReader.read("flags.yml", """
                flags:
                  base: {default-variant: "off"}
                  windowed: {default-variant: "off", status: scheduled, active-from: "2026-01-01T00:00:00Z"}
                  staged: {default-variant: "off", environments: [prod]}
                  gated: {default-variant: "off", prerequisites: [{flag: base, variant: "on"}]}
                  vip:
                    default-variant: "off"
                    rules: [{id: vips, when: [{operator: in-segment, values: [vips]}], serve: "on"}]
                  not-pro:
                    default-variant: "off"
                    rules: [{id: r, when: [{attribute: plan, operator: equals, value: pro, negate: true}], serve: "on"}]
                  adults:
                    default-variant: "off"
                    rules: [{id: r, when: [{attribute: age, operator: equals, value: 18}], serve: "on"}]
                  ramp:
                    default-variant: "off"
                    fallthrough:
                      progressive: {variant: "on", otherwise: "off", start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z"}
                  by-org:
                    default-variant: "off"
                    bucket-by: org.id
                    fallthrough: {distribution: {"on": 1, "off": 1}}
                segments:
                  vips: {included: [ann]}
                """);
        assertThat(Flagd.write(definitions).notWritten())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "windowed", "status scheduled (an active window)",
                        "staged", "environments",
                        "gated", "prerequisites",
                        "vip", "a condition in-segment (segments)",
                        "not-pro", "a negated condition (a missing attribute answers differently)",
                        "adults",
                                "a condition equals on a non-string value (JSON Logic converts types where this engine"
                                        + " does not)",
                        "ramp", "the fallthrough serves a progressive rollout",
                        "by-org",
                                "bucket-by on the dotted attribute 'org.id': this engine reads a flat attribute of that"
                                        + " whole name first, flagd only the nested value (write '.org.id' for the"
                                        + " nested value only)"));
    }

    @Test
    void compiledFlagdRulesChangedSinceAreNotWritten() {
        Definitions read = FlagdReaderTests.read("""
                {"flags": {"f": {"state": "ENABLED", "variants": {"a": "a", "b": "b"}, "defaultVariant": "a",
                  "targeting": {"if": [{"==": [{"var": "plan"}, "pro"]}, "b"]}}}}""");
        dev.flags.definition.FlagDefinition flag = read.flag("f");
        List<dev.flags.definition.Rule> rules = new java.util.ArrayList<>(flag.rules());
        dev.flags.definition.Rule edited = rules.get(1);
        rules.set(
                1,
                new dev.flags.definition.Rule(
                        edited.id(), null, edited.when(), dev.flags.definition.Serve.variant("a")));
        dev.flags.definition.FlagDefinition.Builder builder = dev.flags.definition.FlagDefinition.builder("f")
                .type(flag.type())
                .variant("a", "a")
                .variant("b", "b")
                .defaultVariant("a")
                .offVariant(null);
        rules.forEach(builder::rule);
        FlagdExport export = Flagd.write(Definitions.of(builder.build()));
        assertThat(export.notWritten())
                .containsExactly(Map.entry(
                        "f",
                        "its rules, compiled from flagd targeting, were changed since (the guard rule 'targeting'"
                                + " still holds the targeting they were compiled from: remove it, or edit the flagd"
                                + " file)"));
        assertThat(Flagd.write(read).json())
                .contains("\"targeting\":{\"if\":[{\"==\":[{\"var\":\"plan\"},\"pro\"]},\"b\"]}");
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
