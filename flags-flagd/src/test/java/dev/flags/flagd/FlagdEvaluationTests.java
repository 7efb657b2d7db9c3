package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.Conformance;
import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlagdEvaluationTests {

    private static FlagManager manager(String json) {
        return FlagManager.builder()
                .definitions(FlagdReaderTests.read(json))
                .clock(Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC))
                .build();
    }

    @Test
    void aRefToNoEvaluatorAnswersParseErrorNamingThePlace() {
        try (FlagManager flags = manager("""
                {"$evaluators": {"is_ballmer": {"==": ["ballmer@macrosoft.com", {"var": "email"}]}},
                 "flags": {"f": {"state": "ENABLED", "variants": {"a": "a", "b": "b"}, "defaultVariant": "a",
                                 "targeting": {"if": [{"$ref": "is_gates"}, "b"]}}}}""")) {
            EvaluationDetails<String> details = flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY);
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.reason()).isEqualTo(Reason.ERROR);
            assertThat(details.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(details.errorMessage())
                    .isEqualTo("flags.json: flags.f.targeting.if[0]: $ref 'is_gates' names no entry of $evaluators"
                            + " (has is_ballmer)");
        }
    }

    @Test
    void anUnknownOperatorAnswersParseErrorNamingThePlace() {
        try (FlagManager flags = manager("""
                {"flags": {"f": {"state": "ENABLED", "variants": {"a": "a"}, "defaultVariant": "a",
                                 "targeting": {"if": [{"regex": [{"var": "email"}, ".*"]}, "a"]}}}}""")) {
            EvaluationDetails<String> details = flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY);
            assertThat(details.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(details.errorMessage())
                    .isEqualTo("flags.json: flags.f.targeting.if[0]: unknown operator 'regex'");
        }
    }

    @Test
    void aVariantNameTheFlagDoesNotHaveIsAGeneralError() {
        try (FlagManager flags = manager("""
                {"flags": {"f": {"state": "ENABLED", "variants": {"a": "a", "b": "b"}, "defaultVariant": "a",
                                 "targeting": {"var": "pick"}}}}""")) {
            EvaluationDetails<String> details = flags.getStringDetails(
                    "f",
                    "fallback",
                    EvaluationContext.builder().attribute("pick", "c").build());
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(details.errorMessage())
                    .isEqualTo("targeting returned 'c', which is not a variant of flag 'f' (variants: a, b)");
            EvaluationDetails<String> picked = flags.getStringDetails(
                    "f",
                    "fallback",
                    EvaluationContext.builder().attribute("pick", "b").build());
            assertThat(picked.value()).isEqualTo("b");
            assertThat(picked.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(picked.ruleId()).isEqualTo("targeting");
            assertThat(flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY)
                            .reason())
                    .as("null: the default variant")
                    .isEqualTo(Reason.DEFAULT);
        }
    }

    @Test
    void booleanOutcomesNameTheTrueAndFalseVariants() {
        try (FlagManager flags = manager("""
                {"flags": {"f": {"state": "ENABLED", "variants": {"true": 1, "false": 0}, "defaultVariant": "false",
                                 "targeting": {"in": ["@example.com", {"var": "email"}]}}}}""")) {
            assertThat(flags.getInteger(
                            "f",
                            -1,
                            EvaluationContext.builder()
                                    .attribute("email", "a@example.com")
                                    .build()))
                    .isEqualTo(1);
            assertThat(flags.getInteger(
                            "f",
                            -1,
                            EvaluationContext.builder()
                                    .attribute("email", "a@other.org")
                                    .build()))
                    .isEqualTo(0);
        }
    }

    @Test
    void flagdAddsTheFlagKeyAndTheTimestampInSeconds() {
        try (FlagManager flags = manager("""
                {"flags": {
                  "named": {"state": "ENABLED", "variants": {"named": true, "other": false}, "defaultVariant": "other",
                            "targeting": {"var": "$flagd.flagKey"}},
                  "dated": {"state": "ENABLED", "variants": {"late": "late", "early": "early"}, "defaultVariant": "early",
                            "targeting": {"if": [{">=": [{"var": "$flagd.timestamp"}, 1796169600]}, "late", "early"]}}}}""")) {
            assertThat(flags.getBoolean("named", false, EvaluationContext.EMPTY))
                    .isTrue();
            assertThat(flags.getString("dated", "", EvaluationContext.EMPTY))
                    .as("2026-12-02T00:00:00Z is 1796169600")
                    .isEqualTo("late");
        }
    }

    @Test
    void aFlagWithoutDefaultVariantServesTheCallersDefaultWithReasonDefault() {
        try (FlagManager flags = manager("""
                {"flags": {"f": {"state": "ENABLED", "variants": {"a": "a", "b": "b"},
                                 "targeting": {"if": [{"==": [{"var": "x"}, "1"]}, "b"]}}}}""")) {
            EvaluationDetails<String> none = flags.getStringDetails("f", "mine", EvaluationContext.EMPTY);
            assertThat(none.value()).isEqualTo("mine");
            assertThat(none.variant()).isNull();
            assertThat(none.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(flags.getString(
                            "f",
                            "mine",
                            EvaluationContext.builder().attribute("x", "1").build()))
                    .isEqualTo("b");
        }
    }

    /**
     * The compiler's promise: a compiled flag answers as its JSON Logic does. The test bed's flags
     * and more, read once compiled and once interpreted, evaluated for random contexts.
     */
    @Test
    void compiledTargetingAnswersAsItsJsonLogicDoes() throws Exception {
        byte[] testkit = Files.readAllBytes(Conformance.dir().resolve("flagd-testbed/flags/testkit-flags.json"));
        byte[] more = """
                {"flags": {
                  "and-or": {"state": "ENABLED", "variants": {"a": "a", "b": "b", "c": "c"}, "defaultVariant": "c",
                    "targeting": {"if": [
                      {"and": [{"in": [{"var": "plan"}, ["pro", "team"]]},
                               {"or": [{"starts_with": [{"var": "email"}, "ann"]}, {"ends_with": [{"var": "email"}, ".org"]}]}]},
                      "a",
                      {"===": ["beta", {"var": "org.tier"}]}, "b"]}},
                  "split-in-else": {"state": "ENABLED", "variants": {"x": 1, "y": 2}, "defaultVariant": "x",
                    "targeting": {"if": [{"==": [{"var": "plan"}, "pro"]}, "y",
                                         {"fractional": [{"cat": [{"var": "$flagd.flagKey"}, {"var": "email"}]}, ["x", 30], ["y", 70]]}]}}
                }}""".getBytes(StandardCharsets.UTF_8);
        Definitions compiled = Flagd.read("testkit", testkit);
        Definitions interpreted = FlagdReader.parse("testkit", testkit, false);
        Definitions moreCompiled = Flagd.read("more", more);
        Definitions moreInterpreted = FlagdReader.parse("more", more, false);
        assertThat(moreCompiled.flag("and-or").rules())
                .extracting(Rule::id)
                .as("the guard first: org.tier is a path, which JSON Logic reads through lists")
                .containsExactly("targeting", "if-1-or-1", "if-1-or-2", "if-2");
        assertThat(moreCompiled.flag("split-in-else").rules())
                .extracting(r -> r.id())
                .containsExactly("targeting", "if-1", "else", "else-without-email");
        Random random = new Random(16);
        List<String> emails = List.of("ann@example.com", "bob@example.org", "ballmer@macrosoft.com", "", "carl@x.io");
        List<String> plans = List.of("pro", "team", "free");
        try (FlagManager a = FlagManager.builder().definitions(compiled).build();
                FlagManager b = FlagManager.builder().definitions(interpreted).build();
                FlagManager c = FlagManager.builder().definitions(moreCompiled).build();
                FlagManager d =
                        FlagManager.builder().definitions(moreInterpreted).build()) {
            for (int i = 0; i < 2000; i++) {
                EvaluationContext.Builder builder = EvaluationContext.builder();
                if (random.nextInt(5) > 0) {
                    builder.targetingKey(
                            random.nextInt(10) == 0
                                    ? "5c3d8535-f81a-4478-a6d3-afaa4d51199e"
                                    : "user-" + random.nextInt(500));
                }
                if (random.nextInt(4) > 0) {
                    builder.attribute("email", emails.get(random.nextInt(emails.size())));
                }
                if (random.nextInt(4) > 0) {
                    builder.attribute("plan", plans.get(random.nextInt(plans.size())));
                }
                if (random.nextBoolean()) {
                    builder.attribute("id", random.nextBoolean() ? "abc" + i : i + "xyz");
                }
                if (random.nextBoolean()) {
                    builder.attribute("user", Map.of("name", "name-" + random.nextInt(100)));
                }
                if (random.nextBoolean()) {
                    builder.attribute("org", Map.of("tier", random.nextBoolean() ? "beta" : "ga"));
                }
                EvaluationContext context = builder.build();
                for (dev.flags.definition.FlagDefinition flag : compiled.flags()) {
                    String key = flag.key();
                    assertSameOutcome(a, b, key, context);
                }
                assertSameOutcome(c, d, "and-or", context);
                assertSameOutcome(c, d, "split-in-else", context);
            }
        }
    }

    private static void assertSameOutcome(
            FlagManager compiled, FlagManager interpreted, String key, EvaluationContext context) {
        EvaluationDetails<Object> x = compiled.evaluate(key, context);
        EvaluationDetails<Object> y = interpreted.evaluate(key, context);
        assertThat(x.variant()).as("%s for %s", key, context).isEqualTo(y.variant());
        assertThat(x.errorCode()).as("%s for %s", key, context).isEqualTo(y.errorCode());
        assertThat(x.reason()).as("%s for %s", key, context).isEqualTo(y.reason());
    }
}
