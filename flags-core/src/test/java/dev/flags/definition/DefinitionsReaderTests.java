package dev.flags.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionsReaderTests {

    private static Definitions full() {
        InputStream in = DefinitionsReaderTests.class.getResourceAsStream("/definitions/full.yml");
        return DefinitionsReader.read("full.yml", in);
    }

    @Test
    void readsEveryPartOfTheFormat() {
        Definitions definitions = full();
        assertThat(definitions.flags())
                .extracting(FlagDefinition::key)
                .containsExactly(
                        "new-checkout",
                        "payments-v2",
                        "banner",
                        "search-v2",
                        "max-items",
                        "discount",
                        "theme",
                        "pricing");

        FlagDefinition checkout = definitions.flag("new-checkout");
        assertThat(checkout.type()).isEqualTo(FlagType.BOOLEAN);
        assertThat(checkout.variants()).containsExactly(Map.entry("on", true), Map.entry("off", false));
        assertThat(checkout.offVariant()).isEqualTo("off");
        assertThat(checkout.description()).isEqualTo("The redesigned checkout");
        assertThat(checkout.owner()).isEqualTo("team-checkout");
        assertThat(checkout.tags()).containsExactly("checkout", "web");
        assertThat(checkout.created()).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(checkout.reviewBy()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(checkout.environments()).containsExactly("prod", "staging");
        assertThat(checkout.prerequisites()).containsExactly(Prerequisite.of("payments-v2", "on"));
        assertThat(checkout.targets()).containsExactly(Map.entry("on", List.of("qa-1", "qa-2")));
        assertThat(checkout.rules())
                .containsExactly(
                        new Rule(
                                "beta-testers",
                                "Beta testers see it first",
                                List.of(Condition.of("groups", Operator.CONTAINS, "beta")),
                                Serve.variant("on")),
                        Rule.of(
                                "eu-rollout",
                                Serve.split("on", 25).and("off", 75),
                                Condition.of("country", Operator.IN, "DE", "FR", "NL"),
                                Condition.of("plan", Operator.EQUALS, "free").negated()));
        assertThat(checkout.defaultVariant()).isEqualTo("off");
        assertThat(checkout.metadata()).containsExactly(Map.entry("jira", "SHOP-12"), Map.entry("weight", 3));

        FlagDefinition banner = definitions.flag("banner");
        assertThat(banner.status()).isEqualTo(FlagStatus.SCHEDULED);
        assertThat(banner.activeFrom()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(banner.activeUntil()).isEqualTo(Instant.parse("2027-01-07T00:00:00Z"));
        assertThat(banner.fallthrough())
                .isEqualTo(new Serve.Scheduled(
                        Serve.variant("none"),
                        List.of(
                                new Serve.Step(
                                        Instant.parse("2026-12-07T00:00:00Z"),
                                        Serve.split("sale", 5).and("none", 95)),
                                new Serve.Step(
                                        Instant.parse("2026-12-09T00:00:00Z"),
                                        Serve.split("sale", 25).and("none", 75)),
                                new Serve.Step(Instant.parse("2026-12-14T00:00:00Z"), Serve.variant("sale")))));

        FlagDefinition search = definitions.flag("search-v2");
        assertThat(search.bucketBy()).isEqualTo("sessionId");
        assertThat(search.salt()).isEqualTo("search-2026");
        assertThat(search.fallthrough())
                .isEqualTo(new Serve.Progressive(
                        "on",
                        "off",
                        Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2026-12-31T00:00:00Z"),
                        0,
                        100));

        assertThat(definitions.flag("max-items").rules().get(0).when()).containsExactly(Condition.inSegment("vips"));
        assertThat(definitions.flag("discount").variants())
                .containsExactly(Map.entry("none", 0.0), Map.entry("some", 0.15));
        assertThat(definitions.flag("theme").variants().get("light"))
                .isEqualTo(Map.of("background", "white", "accents", List.of("blue", "green")));

        SegmentDefinition vips = definitions.segment("vips");
        assertThat(vips.description()).isEqualTo("Our best customers");
        assertThat(vips.included()).containsExactly("alice");
        assertThat(vips.excluded()).containsExactly("mallory");
        assertThat(vips.rules())
                .containsExactly(List.of(Condition.of("lifetimeValue", Operator.GREATER_THAN_OR_EQUAL, 10000)));
    }

    @Test
    void readsJson() {
        Definitions definitions = DefinitionsReader.read("flags.json", """
                {"flags": {"greeting": {"type": "string", "variants": {"hi": "hello", "yo": "hey"},
                  "default-variant": "hi",
                  "rules": [{"id": "young", "when": [{"attribute": "age", "operator": "less-than", "value": 30}], "serve": "yo"}]}}}
                """);
        assertThat(definitions.flag("greeting").rules())
                .containsExactly(Rule.of("young", Serve.variant("yo"), Condition.of("age", Operator.LESS_THAN, 30)));
    }

    @Test
    void readsOnAndOffAsStringsNotBooleans() {
        Definitions definitions = DefinitionsReader.read("flags.yml", """
                flags:
                  kill-switch:
                    variants: {on: true, off: false}
                    default-variant: on
                """);
        assertThat(definitions.flag("kill-switch").variants()).containsOnlyKeys("on", "off");
        assertThat(definitions.flag("kill-switch").defaultVariant()).isEqualTo("on");
    }

    @Test
    void givesBooleanFlagsWithoutVariantsOnAndOff() {
        FlagDefinition flag = DefinitionsReader.read("flags.yml", "flags: {simple: {default-variant: on}}")
                .flag("simple");
        assertThat(flag.variants()).containsExactly(Map.entry("on", true), Map.entry("off", false));
        assertThat(flag.offVariant()).isEqualTo("off");
    }

    @Test
    void readsSpringBoundTreesWithIndexedMapsAndStringScalars() {
        Map<String, Object> tree = Map.of(
                "flags",
                Map.of(
                        "limit",
                        Map.of(
                                "type",
                                "integer",
                                "variants",
                                Map.of("low", "5", "high", "50"),
                                "default-variant",
                                "low",
                                "rules",
                                Map.of(
                                        "0",
                                        Map.of(
                                                "id", "pro",
                                                "when",
                                                        Map.of(
                                                                "0",
                                                                Map.of(
                                                                        "attribute",
                                                                        "plan",
                                                                        "operator",
                                                                        "in",
                                                                        "values",
                                                                        Map.of("0", "pro", "1", "team"),
                                                                        "negate",
                                                                        "false")),
                                                "serve", "high")))));
        FlagDefinition flag =
                DefinitionsReader.fromTree("application.yml", tree).flag("limit");
        assertThat(flag.variants()).containsEntry("low", 5).containsEntry("high", 50);
        assertThat(flag.rules())
                .containsExactly(
                        Rule.of("pro", Serve.variant("high"), Condition.of("plan", Operator.IN, "pro", "team")));
    }

    @Test
    void readsListsAndMapsKeyedByPositionAsItemsAndNothingElse() {
        assertThat(DefinitionsReader.items(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(DefinitionsReader.items(Map.of("1", "b", "0", "a"))).containsExactly("a", "b");
        assertThat(DefinitionsReader.items(Map.of(0, "a", 1, "b")))
                .as("keys that are not strings")
                .isNull();
        assertThat(DefinitionsReader.items(Map.of("0", "a", "2", "c")))
                .as("a gap")
                .isNull();
        assertThat(DefinitionsReader.items(Map.of("first", "a"))).isNull();
        assertThat(DefinitionsReader.items(Map.of())).isNull();
        assertThat(DefinitionsReader.items("a")).isNull();
        assertThat(DefinitionsReader.items(null)).isNull();
    }

    @Test
    void namesRulesWithoutIdByPosition() {
        FlagDefinition flag = DefinitionsReader.read("flags.yml", """
                flags:
                  f:
                    default-variant: off
                    rules:
                      - serve: on
                      - serve: off
                """).flag("f");
        assertThat(flag.rules()).extracting(Rule::id).containsExactly("rule-1", "rule-2");
    }

    @Test
    void reportsTheIssuesExampleWordForWord() {
        assertThatThrownBy(() -> DefinitionsReader.read("flags.yml", """
                flags:
                  new-checkout:
                    default-variant: off
                    rules:
                      - serve: on
                      - when:
                          - attribute: country
                            operator: equls
                            value: DE
                        serve: on
                """))
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("""
                        Invalid flag definitions (1 error):
                          flags.yml: flags.new-checkout.rules[1].when[0].operator: unknown operator 'equls' (expected one of \
                        equals, not-equals, in, not-in, contains, contains-any, starts-with, ends-with, matches, less-than, \
                        less-than-or-equal, greater-than, greater-than-or-equal, before, after, semver-equal, semver-less-than, \
                        semver-greater-than, semver-in-range, exists, in-segment)""");
    }

    @Test
    void reportsEveryErrorAtOnceWithItsPath() {
        DefinitionsException e = readInvalid("""
                flags:
                  bad key!:
                    default-variant: on
                  typed:
                    type: integer
                    variants: {one: 1, many: lots}
                    default-variant: none
                    off-variant: zero
                    rules:
                      - id: r
                        when:
                          - attribute: age
                            operator: greater-than
                            value: old
                          - attribute: version
                            operator: semver-less-than
                            value: 1.x
                          - attribute: email
                            operator: matches
                            value: "(unclosed"
                          - attribute: signup
                            operator: before
                            value: 2026-13-01
                          - attribute: plan
                            operator: exists
                            value: pro
                          - operator: in-segment
                            values: [nobody]
                          - operator: less-than
                            values: [1, 2]
                        serve:
                          distribution: {one: -5, many: 0}
                      - id: r
                        serve:
                          distribution: {one: 0}
                    fallthrough: nope
                  dependent:
                    default-variant: on
                    prerequisites:
                      - flag: missing
                        variant: on
                      - flag: typed
                        variant: three
                """);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.yml: flags.bad key!: invalid flag key 'bad key!' (use letters, digits, '.', '_' and '-')",
                        "flags.yml: flags.typed.variants.many: expected an integer from -2147483648 to 2147483647 but got string 'lots'",
                        "flags.yml: flags.typed.default-variant: unknown variant 'none' (expected one of one, many)",
                        "flags.yml: flags.typed.off-variant: unknown variant 'zero' (expected one of one, many)",
                        "flags.yml: flags.typed.rules[0].when[0].values[0]: expected a number but got string 'old'",
                        "flags.yml: flags.typed.rules[0].when[1].values[0]: invalid semantic version string '1.x' (expected for example 1.4.0 or 2.0.0-beta.1)",
                        "flags.yml: flags.typed.rules[0].when[2].values[0]: invalid regular expression '(unclosed': missing closing )",
                        "flags.yml: flags.typed.rules[0].when[3].values[0]: invalid date-time string '2026-13-01' (expected ISO-8601, for example 2026-03-01T09:00:00Z)",
                        "flags.yml: flags.typed.rules[0].when[4].values: 'exists' takes no value",
                        "flags.yml: flags.typed.rules[0].when[5].values[0]: unknown segment 'nobody'",
                        "flags.yml: flags.typed.rules[0].when[6].attribute: missing attribute",
                        "flags.yml: flags.typed.rules[0].when[6].values: 'less-than' takes exactly one value (got 2)",
                        "flags.yml: flags.typed.rules[0].serve.distribution.one: weight must not be negative (got -5)",
                        "flags.yml: flags.typed.rules[0].serve.distribution: weights must not all be zero",
                        "flags.yml: flags.typed.rules[1].id: duplicate rule id 'r'",
                        "flags.yml: flags.typed.rules[1].serve.distribution: weights must not all be zero",
                        "flags.yml: flags.typed.fallthrough.variant: unknown variant 'nope' (expected one of one, many)",
                        "flags.yml: flags.dependent.prerequisites[0].flag: unknown flag 'missing'",
                        "flags.yml: flags.dependent.prerequisites[1].variants[0]: unknown variant 'three' of flag 'typed' (expected one of one, many)");
    }

    @Test
    void reportsStructuralErrorsWithSuggestions() {
        DefinitionsException e = readInvalid("""
                flags:
                  f:
                    type: bool
                    defualt-variant: on
                    status: retired
                    created: yesterday
                    rules: not-a-list
                  g:
                    default-variant: on
                    rules:
                      - when: [{attribute: a, operator: equals, value: 1, values: [2]}]
                        serve: {variant: on, distribution: {on: 1}}
                      - id: no-serve
                verbose: true
                """);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.yml: verbose: unknown field 'verbose' (expected one of $schema, flags, segments)",
                        "flags.yml: flags.f.defualt-variant: unknown field 'defualt-variant' (did you mean 'default-variant'?)",
                        "flags.yml: flags.f.type: unknown type 'bool' (expected one of boolean, string, integer, double, object)",
                        "flags.yml: flags.f.default-variant: missing default variant (write default-variant: null to serve"
                                + " the caller's default)",
                        "flags.yml: flags.f.created: invalid date string 'yesterday' (expected ISO-8601, for example 2026-03-01)",
                        "flags.yml: flags.f.status: unknown status 'retired' (expected one of active, scheduled, draft, paused, archived, emergency-off)",
                        "flags.yml: flags.f.rules: expected a list but got string 'not-a-list'",
                        "flags.yml: flags.g.rules[0].when[0]: set either value or values, not both",
                        "flags.yml: flags.g.rules[0].serve: set only one of variant, distribution",
                        "flags.yml: flags.g.rules[1].serve: missing serve");
    }

    @Test
    void reportsDuplicateYamlKeysAndSyntaxErrors() {
        DefinitionsException duplicate = readInvalid("""
                flags:
                  a: {default-variant: on}
                  a: {default-variant: off}
                """);
        assertThat(duplicate.errors()).hasSize(1);
        assertThat(duplicate.errors().get(0).toString())
                .startsWith("flags.yml: not valid YAML or JSON: ")
                .contains("duplicate key a");

        DefinitionsException syntax = readInvalid("flags: {a: [}");
        assertThat(syntax.errors().get(0).toString())
                .startsWith("flags.yml: not valid YAML or JSON: ")
                .contains("line 1");
    }

    @Test
    void spellsOutPrerequisiteCycles() {
        DefinitionsException e = readInvalid("""
                flags:
                  a: {default-variant: on, prerequisites: [{flag: b, variant: on}]}
                  b: {default-variant: on, prerequisites: [{flag: c, variant: on}]}
                  c: {default-variant: on, prerequisites: [{flag: a, variant: on}]}
                  d: {default-variant: on, prerequisites: [{flag: d, variant: on}]}
                """);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.yml: flags.d.prerequisites[0].flag: a flag cannot be its own prerequisite",
                        "flags.yml: flags.a.prerequisites[0]: prerequisite cycle a -> b -> c -> a");
    }

    @Test
    void spellsOutSegmentCycles() {
        DefinitionsException e = readInvalid("""
                segments:
                  s: {rules: [{when: [{operator: in-segment, value: t}]}]}
                  t: {rules: [{when: [{operator: in-segment, value: s}]}]}
                """);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly("flags.yml: segments.s.rules: segment cycle s -> t -> s");
    }

    @Test
    void rejectsBadSchedulesAndRollouts() {
        DefinitionsException e = readInvalid("""
                flags:
                  window:
                    default-variant: on
                    status: scheduled
                  reversed:
                    default-variant: on
                    status: scheduled
                    active-from: 2026-02-01T00:00:00Z
                    active-until: 2026-01-01T00:00:00Z
                  steps:
                    default-variant: off
                    fallthrough:
                      steps:
                        - {at: 2026-02-01T00:00:00Z, variant: on}
                        - {at: 2026-01-01T00:00:00Z, variant: off}
                        - {variant: on}
                  rollout:
                    default-variant: off
                    fallthrough:
                      progressive: {variant: on, otherwise: off, start: 2026-02-01T00:00:00Z, end: 2026-01-01T00:00:00Z, to: 120}
                """);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.yml: flags.steps.fallthrough.steps[2].at: missing at",
                        "flags.yml: flags.window.status: a scheduled flag needs active-from, active-until or both",
                        "flags.yml: flags.reversed.active-until: must be after active-from (2026-02-01T00:00:00Z)",
                        "flags.yml: flags.steps.fallthrough.steps[1].at: steps must be in ascending order of time (2026-01-01T00:00:00Z is not after 2026-02-01T00:00:00Z)",
                        "flags.yml: flags.rollout.fallthrough.progressive.end: must be after start (2026-02-01T00:00:00Z)",
                        "flags.yml: flags.rollout.fallthrough.progressive.to: percentage must be from 0 to 100 (got 120.0)");
    }

    @Test
    void rejectsTargetsOfUnknownVariantsAndKeysTargetedTwice() {
        DefinitionsException e = readInvalid("""
                flags:
                  f:
                    default-variant: off
                    targets:
                      on: [alice, bob]
                      off: [bob]
                      maybe: [carol]
                """);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.yml: flags.f.targets.off[0]: targeting key 'bob' is already targeted to variant 'on'",
                        "flags.yml: flags.f.targets.maybe: unknown variant 'maybe' (expected one of on, off)");
    }

    @Test
    void rejectsDuplicateFlagKeysFromCode() {
        Definitions definitions = Definitions.of(
                FlagDefinition.builder("x").defaultVariant("on").build(),
                FlagDefinition.builder("x").defaultVariant("off").build());
        assertThatThrownBy(() -> definitions.requireValid("code"))
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("Invalid flag definitions (1 error):\n  code: flags.x: duplicate flag key 'x'");
    }

    @Test
    void rejectsWeightsAddingUpPastTheLimit() {
        FlagDefinition flag = FlagDefinition.builder("big")
                .defaultVariant("on")
                .fallthrough(Serve.split("on", Integer.MAX_VALUE).and("off", 1))
                .build();
        assertThat(Definitions.of(flag).validate())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.big.fallthrough.distribution: weights must not add up to more than 2147483647 (got 2147483648)");
    }

    @Test
    void yamlAndTheBuilderProduceTheSameModel() {
        FlagDefinition fromYaml = DefinitionsReader.read("flags.yml", """
                flags:
                  checkout:
                    owner: team-a
                    tags: [web]
                    targets: {on: [qa-1]}
                    rules:
                      - id: eu
                        when: [{attribute: country, operator: in, values: [DE, FR]}]
                        serve: {distribution: {on: 25, off: 75}}
                    default-variant: off
                """).flag("checkout");
        FlagDefinition fromCode = FlagDefinition.builder("checkout")
                .owner("team-a")
                .tags("web")
                .target("on", "qa-1")
                .rule(Rule.of(
                        "eu", Serve.split("on", 25).and("off", 75), Condition.of("country", Operator.IN, "DE", "FR")))
                .defaultVariant("off")
                .build();
        assertThat(fromYaml).isEqualTo(fromCode);
    }

    @Test
    void acceptsAnExplicitEmptyDocument() {
        assertThat(DefinitionsReader.read("empty.yml", "flags: {}")).isEqualTo(Definitions.EMPTY);
    }

    private static DefinitionsException readInvalid(String yaml) {
        try {
            DefinitionsReader.read("flags.yml", yaml);
        } catch (DefinitionsException e) {
            return e;
        }
        throw new AssertionError("expected the definitions to be rejected");
    }
}
