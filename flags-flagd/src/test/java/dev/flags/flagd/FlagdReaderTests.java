package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.Conformance;
import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlagdReaderTests {

    private static Definitions testkit;

    @BeforeAll
    static void readTheTestBedsFlags() throws Exception {
        byte[] bytes = Files.readAllBytes(Conformance.dir().resolve("flagd-testbed/flags/testkit-flags.json"));
        testkit = Flagd.read("testkit-flags.json", bytes);
    }

    private static FlagDefinition flag(String key) {
        FlagDefinition flag = testkit.flag(key);
        assertThat(flag).as(key).isNotNull();
        return flag;
    }

    static Definitions read(String json) {
        return Flagd.read("flags.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void infersEachFlagsTypeFromItsVariants() {
        assertThat(flag("boolean-flag").type()).isEqualTo(FlagType.BOOLEAN);
        assertThat(flag("string-flag").type()).isEqualTo(FlagType.STRING);
        assertThat(flag("integer-flag").type()).isEqualTo(FlagType.INTEGER);
        assertThat(flag("float-flag").type()).isEqualTo(FlagType.DOUBLE);
        assertThat(flag("object-flag").type()).isEqualTo(FlagType.OBJECT);
        assertThat(read("{\"flags\": {\"n\": {\"state\": \"ENABLED\", \"variants\": {\"a\": 1, \"b\": 0.5},"
                                + " \"defaultVariant\": \"a\"}}}")
                        .flag("n")
                        .variants())
                .as("integers and fractions together are doubles")
                .containsEntry("a", 1.0);
    }

    @Test
    void disabledFlagsAreOffAndServeTheCallersDefault() {
        FlagDefinition disabled = flag("disabled-boolean-flag");
        assertThat(disabled.status()).isEqualTo(FlagStatus.PAUSED);
        assertThat(disabled.offVariant()).isNull();
        assertThat(flag("boolean-flag").offVariant()).isNull();
    }

    @Test
    void aFlagWithoutDefaultVariantHasNone() {
        assertThat(flag("null-default-flag").defaultVariant()).isNull();
        assertThat(flag("undefined-default-flag").defaultVariant()).isNull();
    }

    @Test
    void ifChainsOfEqualityCompileIntoRules() {
        assertThat(flag("targeting-key-flag").rules())
                .containsExactly(new Rule(
                        "if-1",
                        null,
                        List.of(Condition.of("targetingKey", Operator.EQUALS, "5c3d8535-f81a-4478-a6d3-afaa4d51199e")),
                        Serve.variant("hit")));
        assertThat(flag("some-email-targeted-flag").rules())
                .as("$ref resolved, else branch as a rule that always matches, after the guard of == on email")
                .extracting(Rule::id)
                .containsExactly("targeting", "if-1", "else");
        assertThat(flag("some-email-targeted-flag").rules().subList(1, 3))
                .containsExactly(
                        new Rule(
                                "if-1",
                                null,
                                List.of(Condition.of("email", Operator.EQUALS, "ballmer@macrosoft.com")),
                                Serve.variant("hi")),
                        new Rule("else", null, List.of(), Serve.variant("bye")));
        assertThat(flag("starts-ends-flag").rules())
                .containsExactly(
                        new Rule(
                                "if-1",
                                null,
                                List.of(Condition.of("id", Operator.STARTS_WITH, "abc")),
                                Serve.variant("prefix")),
                        new Rule(
                                "if-2",
                                null,
                                List.of(Condition.of("id", Operator.ENDS_WITH, "xyz")),
                                Serve.variant("postfix")),
                        new Rule("else", null, List.of(), Serve.variant("none")));
    }

    @Test
    void fractionalCompilesIntoADistributionWithItsBucketing() {
        FlagDefinition byName = flag("fractional-flag");
        assertThat(byName.rules().subList(1, 3))
                .as("cat joins a missing name as \"\": flagd then hashes the flag key alone, which picks spades")
                .containsExactly(
                        new Rule(
                                "fractional",
                                null,
                                List.of(new Condition(".user.name", Operator.EXISTS, List.of(), false)),
                                Serve.split("clubs", 25)
                                        .and("diamonds", 25)
                                        .and("hearts", 25)
                                        .and("spades", 25)
                                        .reportingTargetingMatch()),
                        new Rule("fractional-without-user.name", null, List.of(), Serve.variant("spades")));
        assertThat(byName.rules().get(0).serve())
                .as("the guard interprets a bucketing value that is not a string or a path through a list")
                .isInstanceOf(Serve.Computed.class);
        assertThat(byName.bucketBy())
                .as("a leading dot: only the nested value, as JSON Logic reads user.name")
                .isEqualTo(".user.name");
        assertThat(byName.salt())
                .as("$flagd.flagKey: the flag key, the engine's default salt")
                .isNull();
        FlagDefinition shared = flag("fractional-flag-A-shared-seed");
        assertThat(shared.salt()).isEqualTo("shared-seed");
        assertThat(shared.bucketBy()).isEqualTo(".user.name");
        FlagDefinition shorthand = flag("fractional-flag-shorthand");
        assertThat(shorthand.rules().get(0).serve())
                .isEqualTo(Serve.split("heads", 1).and("tails", 1).reportingTargetingMatch());
        assertThat(shorthand.bucketBy()).isNull();
        assertThat(shorthand.salt()).isNull();
    }

    @Test
    void whatDoesNotMapIsInterpreted() {
        for (String key : List.of(
                "equal-greater-lesser-version-flag", // sem_ver: flagd's ^ and ~ are not npm's
                "semver-invalid-version-flag", // a boolean targeting: "true", "false" or null
                "fractional-hash-edge-flag", // hashes the bucketing value without a salt
                "fractional-nested-if-flag",
                "fractional-zero-weights-flag",
                "fractional-negative-weight-flag",
                "ref-to-nonexistent-evaluator-flag")) {
            assertThat(flag(key).rules())
                    .as(key)
                    .singleElement()
                    .satisfies(rule -> assertThat(rule.serve()).isInstanceOf(Serve.Computed.class));
        }
        assertThat(flag("no-default-flag-undefined-targeting-variant").rules())
                .as("no else: the default variant, which rules express (after the guard of == on email)")
                .extracting(Rule::id)
                .containsExactly("targeting", "if-1");
        assertThat(flag("no-default-flag-null-targeting-variant").rules())
                .as("a null else: the default variant too")
                .extracting(Rule::id)
                .containsExactly("targeting", "if-1");
        assertThat(read("""
                        {"flags": {"f": {"state": "ENABLED", "variants": {"a": 1, "b": 2}, "defaultVariant": "a",
                          "targeting": {"if": [{"==": [{"var": "x"}, "1"]}, null, "b"]}}}}""").flag("f").rules())
                .as("a null branch before the end stops at the default variant, which a rule cannot")
                .singleElement()
                .satisfies(rule -> assertThat(rule.serve()).isInstanceOf(Serve.Computed.class));
    }

    @Test
    void interpretedTargetingKeepsItsSourceForExplanations() {
        Serve.Computed computed =
                (Serve.Computed) flag("semver-wrong-args-flag").rules().get(0).serve();
        assertThat(computed.language()).isEqualTo("flagd JSON Logic");
        assertThat(computed.source()).isEqualTo("{\"sem_ver\":[{\"var\":\"version\"},\"=\"]}");
    }

    @Test
    void flagMetadataWinsOverTheFlagSetsMetadata() {
        Definitions definitions = read("""
                {"metadata": {"team": "shop", "version": 2},
                 "flags": {"f": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on",
                                 "metadata": {"version": 3, "owner": "ann"}}}}""");
        assertThat(definitions.flag("f").metadata())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "shop", "version", 3, "owner", "ann"));
    }

    @Test
    void reportsEveryStructuralProblemWithItsJsonPath() {
        assertThatThrownBy(() -> read("""
                        {"flag": {},
                         "$evaluators": [],
                         "flags": {
                           "a": {"state": "ON", "variants": {"x": 1}, "defaultVariant": "y"},
                           "b": {"variants": {"x": true, "y": "yes"}, "targting": {}},
                           "c": {"state": "ENABLED", "variants": {}, "metadata": {"m": [1]}},
                           "d": {"state": "ENABLED", "variants": {"x": 1}, "defaultVariant": 1, "targeting": "x"},
                           "e": "on"
                         }}"""))
                .isInstanceOf(DefinitionsException.class)
                .extracting(e -> ((DefinitionsException) e)
                        .errors().stream().map(Object::toString).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactly(
                        "flags.json: flag: unknown field 'flag' (expected one of $evaluators, $schema, flags, metadata)",
                        "flags.json: $evaluators: expected an object but got list",
                        "flags.json: flags.a.state: expected ENABLED or DISABLED but got string 'ON'",
                        "flags.json: flags.a.defaultVariant: unknown variant 'y' (expected one of x)",
                        "flags.json: flags.b.targting: unknown field 'targting' (expected one of defaultVariant, metadata, state, targeting, variants)",
                        "flags.json: flags.b.state: missing state (ENABLED or DISABLED)",
                        "flags.json: flags.b.variants: variants must share one type: 'x' is a boolean, 'y' is a string",
                        "flags.json: flags.c.variants: at least one variant is required",
                        "flags.json: flags.c.metadata.m: expected a string, number or boolean but got list",
                        "flags.json: flags.d.defaultVariant: expected a variant name but got integer 1",
                        "flags.json: flags.d.targeting: expected a JSON Logic object but got string 'x'",
                        "flags.json: flags.e: expected a flag object but got string 'on'");
    }

    @Test
    void refusesWhatIsNotAFlagdDocument() {
        assertThatThrownBy(() -> read("[1]"))
                .isInstanceOf(DefinitionsException.class)
                .hasMessageContaining("flags.json: expected a flagd flag definition object with 'flags' but got list");
        assertThatThrownBy(() -> read("{}"))
                .hasMessageContaining("flags.json: flags: missing flags (for no flags, write \"flags\": {})");
        assertThatThrownBy(() -> read("{\"flags\": {\"a\": {\"state\": \"ENABLED\", \"variants\": {\"x\": 1}}"))
                .hasMessageStartingWith("Invalid flag definitions (1 error):\n  flags.json: not valid YAML or JSON: ");
        assertThatThrownBy(() -> Flagd.read("flags.json", new byte[] {'{', (byte) 0xE9, '}'}))
                .hasMessageContaining("flags.json: not valid UTF-8: byte 0xE9 at byte offset 1");
    }

    @Test
    void theEnginesValidationStillApplies() {
        assertThatThrownBy(
                        () -> read(
                                "{\"flags\": {\"bad key\": {\"state\": \"ENABLED\", \"variants\": {\"x\": 1}, \"defaultVariant\": \"x\"}}}"))
                .isInstanceOf(DefinitionsException.class)
                .hasMessageContaining("flags.json: flags.bad key");
    }
}
