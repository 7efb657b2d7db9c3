package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTests {

    private static final EvaluationContext ALICE = EvaluationContext.builder()
            .targetingKey("alice")
            .group("beta")
            .attribute("country", "DE")
            .attribute("plan", "pro")
            .build();
    private static final EvaluationContext BOB = EvaluationContext.builder()
            .targetingKey("bob")
            .attribute("country", "US")
            .build();

    private static InspectableFlagManager manager(FlagDefinition... flags) {
        return FlagManager.builder().definitions(Definitions.of(flags)).build();
    }

    @Test
    void servesTheDefaultVariantWithReasonStaticWhenTheFlagHasNoTargeting() {
        try (FlagManager flags = manager(FlagDefinition.builder("simple")
                .defaultVariant("on")
                .owner("team-a")
                .build())) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("simple", false, BOB);
            assertThat(details.value()).isTrue();
            assertThat(details.variant()).isEqualTo("on");
            assertThat(details.reason()).isEqualTo(Reason.STATIC);
            assertThat(details.errorCode()).isNull();
            assertThat(details.ruleId()).isNull();
            assertThat(details.flagMetadata()).containsEntry("owner", "team-a").doesNotContainKey("status");
        }
    }

    @Test
    void servesTheMatchingRuleWithReasonTargetingMatch() {
        FlagDefinition flag = FlagDefinition.builder("eu")
                .defaultVariant("off")
                .rule(Rule.of("eu-countries", Serve.variant("on"), Condition.of("country", Operator.IN, "DE", "FR")))
                .build();
        try (FlagManager flags = manager(flag)) {
            EvaluationDetails<Boolean> alice = flags.getBooleanDetails("eu", false, ALICE);
            assertThat(alice.value()).isTrue();
            assertThat(alice.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(alice.ruleId()).isEqualTo("eu-countries");
            EvaluationDetails<Boolean> bob = flags.getBooleanDetails("eu", true, BOB);
            assertThat(bob.value()).isFalse();
            assertThat(bob.variant()).isEqualTo("off");
            assertThat(bob.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(bob.ruleId()).isNull();
        }
    }

    @Test
    void firstMatchingRuleWinsAndAllConditionsMustHold() {
        FlagDefinition flag = FlagDefinition.builder("tier")
                .type(FlagType.STRING)
                .variant("basic", "B")
                .variant("gold", "G")
                .variant("platinum", "P")
                .defaultVariant("basic")
                .rule(Rule.of(
                        "german-pro",
                        Serve.variant("platinum"),
                        Condition.of("country", Operator.EQUALS, "DE"),
                        Condition.of("plan", Operator.EQUALS, "pro")))
                .rule(Rule.of("germans", Serve.variant("gold"), Condition.of("country", Operator.EQUALS, "DE")))
                .build();
        try (FlagManager flags = manager(flag)) {
            assertThat(flags.getString("tier", "?", ALICE)).isEqualTo("P");
            assertThat(flags.getString("tier", "?", ALICE.withAttribute("plan", "free")))
                    .isEqualTo("G");
            assertThat(flags.getString("tier", "?", BOB)).isEqualTo("B");
        }
    }

    @Test
    void individualTargetsComeBeforeRules() {
        FlagDefinition flag = FlagDefinition.builder("t")
                .defaultVariant("off")
                .target("off", "alice")
                .target("on", "bob")
                .rule(Rule.of("everyone", Serve.variant("on")))
                .build();
        try (FlagManager flags = manager(flag)) {
            EvaluationDetails<Boolean> alice = flags.getBooleanDetails("t", true, ALICE);
            assertThat(alice.value()).isFalse();
            assertThat(alice.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(alice.ruleId()).isEqualTo("targets");
            assertThat(flags.getBooleanDetails("t", false, BOB).variant()).isEqualTo("on");
            assertThat(flags.getBooleanDetails("t", false, EvaluationContext.of("carol"))
                            .ruleId())
                    .isEqualTo("everyone");
        }
    }

    @Test
    void rulesServingADistributionReportSplitWithTheRule() {
        FlagDefinition flag = FlagDefinition.builder("ab")
                .defaultVariant("off")
                .rule(Rule.of(
                        "germany", Serve.split("on", 1).and("off", 0), Condition.of("country", Operator.EQUALS, "DE")))
                .build();
        try (FlagManager flags = manager(flag)) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("ab", false, ALICE);
            assertThat(details.value()).isTrue();
            assertThat(details.reason()).isEqualTo(Reason.SPLIT);
            assertThat(details.ruleId()).isEqualTo("germany");
        }
    }

    @Test
    void offStatusesServeTheOffVariantOrTheCallersDefault() {
        for (FlagStatus status :
                List.of(FlagStatus.DRAFT, FlagStatus.PAUSED, FlagStatus.ARCHIVED, FlagStatus.EMERGENCY_OFF)) {
            FlagDefinition withOff = FlagDefinition.builder("with-off")
                    .status(status)
                    .defaultVariant("on")
                    .rule(Rule.of("all", Serve.variant("on")))
                    .build();
            FlagDefinition withoutOff = FlagDefinition.builder("without-off")
                    .type(FlagType.STRING)
                    .variant("a", "A")
                    .status(status)
                    .defaultVariant("a")
                    .build();
            try (FlagManager flags = manager(withOff, withoutOff)) {
                EvaluationDetails<Boolean> off = flags.getBooleanDetails("with-off", true, ALICE);
                assertThat(off.value()).as(status.id()).isFalse();
                assertThat(off.variant()).isEqualTo("off");
                assertThat(off.reason()).isEqualTo(Reason.DISABLED);
                assertThat(off.detail()).isEqualTo("flag is " + status.id());
                EvaluationDetails<String> fallback = flags.getStringDetails("without-off", "caller", ALICE);
                assertThat(fallback.value()).isEqualTo("caller");
                assertThat(fallback.variant()).isNull();
                assertThat(fallback.reason()).isEqualTo(Reason.DISABLED);
                assertThat(fallback.errorCode()).isNull();
            }
        }
    }

    @Test
    void emergencyOffOverridesSchedulesAndTargets() {
        FlagDefinition flag = FlagDefinition.builder("kill")
                .status(FlagStatus.EMERGENCY_OFF)
                .activeFrom(Instant.parse("2020-01-01T00:00:00Z"))
                .defaultVariant("on")
                .target("on", "alice")
                .build();
        try (FlagManager flags = manager(flag)) {
            assertThat(flags.isEnabled("kill", ALICE)).isFalse();
            assertThat(flags.getBooleanDetails("kill", true, ALICE).reason()).isEqualTo(Reason.DISABLED);
        }
    }

    @Test
    void countsEvaluationsOfArchivedFlags() {
        try (InspectableFlagManager flags = manager(
                FlagDefinition.builder("old")
                        .status(FlagStatus.ARCHIVED)
                        .defaultVariant("on")
                        .build(),
                FlagDefinition.builder("live").defaultVariant("on").build())) {
            flags.isEnabled("old", ALICE);
            flags.isEnabled("old", BOB);
            flags.isEnabled("live", BOB);
            assertThat(flags.archivedFlagEvaluations()).isEqualTo(Map.of("old", 2L));
        }
    }

    @Test
    void scheduledFlagsAreOnOnlyInsideTheirWindow() {
        MutableClock clock = new MutableClock("2026-11-30T23:59:59Z");
        FlagDefinition flag = FlagDefinition.builder("winter")
                .status(FlagStatus.SCHEDULED)
                .activeFrom(Instant.parse("2026-12-01T00:00:00Z"))
                .activeUntil(Instant.parse("2027-01-01T00:00:00Z"))
                .defaultVariant("on")
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            EvaluationDetails<Boolean> before = flags.getBooleanDetails("winter", true, ALICE);
            assertThat(before.value()).isFalse();
            assertThat(before.reason()).isEqualTo(Reason.DISABLED);
            assertThat(before.detail())
                    .isEqualTo(
                            "outside the flag's active window (from 2026-12-01T00:00:00Z until 2027-01-01T00:00:00Z)");
            clock.set("2026-12-01T00:00:00Z");
            assertThat(flags.getBooleanDetails("winter", false, ALICE).reason()).isEqualTo(Reason.STATIC);
            assertThat(flags.isEnabled("winter", ALICE)).isTrue();
            clock.set("2027-01-01T00:00:00Z");
            assertThat(flags.isEnabled("winter", ALICE)).isFalse();
        }
    }

    @Test
    void scheduleStepsChangeWhatIsServedOverTime() {
        MutableClock clock = new MutableClock("2026-11-29T12:00:00Z");
        FlagDefinition flag = FlagDefinition.builder("gradual")
                .defaultVariant("off")
                .fallthrough(new Serve.Scheduled(
                        null,
                        List.of(
                                new Serve.Step(
                                        Instant.parse("2026-11-30T00:00:00Z"),
                                        Serve.split("on", 5).and("off", 95)),
                                new Serve.Step(
                                        Instant.parse("2026-12-02T00:00:00Z"),
                                        Serve.split("on", 25).and("off", 75)),
                                new Serve.Step(Instant.parse("2026-12-07T00:00:00Z"), Serve.variant("on")))))
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            assertThat(share(flags, "gradual")).isEqualTo(0);
            assertThat(flags.getBooleanDetails("gradual", true, ALICE).reason()).isEqualTo(Reason.DEFAULT);
            clock.set("2026-11-30T00:00:00Z");
            assertThat(share(flags, "gradual")).isBetween(350, 650);
            clock.set("2026-12-02T08:00:00Z");
            assertThat(share(flags, "gradual")).isBetween(2_200, 2_800);
            clock.set("2026-12-07T00:00:00Z");
            assertThat(share(flags, "gradual")).isEqualTo(10_000);
            assertThat(flags.getBooleanDetails("gradual", false, ALICE).reason())
                    .isEqualTo(Reason.DEFAULT);
        }
    }

    @Test
    void progressiveRolloutGrowsLinearlyAndOnlyAddsUsers() {
        MutableClock clock = new MutableClock("2026-12-01T00:00:00Z");
        FlagDefinition flag = FlagDefinition.builder("ramp")
                .defaultVariant("off")
                .fallthrough(new Serve.Progressive(
                        "on",
                        "off",
                        Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2026-12-11T00:00:00Z"),
                        10,
                        60))
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            assertThat(share(flags, "ramp")).isBetween(800, 1_200);
            List<String> earlyUsers = usersOn(flags, "ramp");
            clock.set("2026-12-06T00:00:00Z");
            assertThat(share(flags, "ramp")).isBetween(3_300, 3_700);
            assertThat(usersOn(flags, "ramp")).containsAll(earlyUsers);
            clock.set("2027-01-01T00:00:00Z");
            assertThat(share(flags, "ramp")).isBetween(5_700, 6_300);
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("ramp", false, ALICE);
            assertThat(details.reason()).isEqualTo(Reason.SPLIT);
        }
    }

    @Test
    void rulesWithScheduleNotYetStartedDoNotMatch() {
        MutableClock clock = new MutableClock("2026-01-01T00:00:00Z");
        FlagDefinition flag = FlagDefinition.builder("later")
                .defaultVariant("off")
                .rule(Rule.of(
                        "launch",
                        new Serve.Scheduled(
                                null,
                                List.of(new Serve.Step(Instant.parse("2026-02-01T00:00:00Z"), Serve.variant("on"))))))
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            assertThat(flags.getBooleanDetails("later", true, ALICE).reason()).isEqualTo(Reason.DEFAULT);
            clock.set("2026-02-01T00:00:00Z");
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("later", false, ALICE);
            assertThat(details.value()).isTrue();
            assertThat(details.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(details.ruleId()).isEqualTo("launch");
        }
    }

    @Test
    void environmentsRestrictWhereAFlagIsOn() {
        FlagDefinition flag = FlagDefinition.builder("prod-only")
                .environments("prod")
                .defaultVariant("on")
                .build();
        try (FlagManager prod = FlagManager.builder()
                        .definitions(Definitions.of(flag))
                        .environment("prod")
                        .build();
                FlagManager dev = FlagManager.builder()
                        .definitions(Definitions.of(flag))
                        .environment("dev")
                        .build();
                FlagManager none =
                        FlagManager.builder().definitions(Definitions.of(flag)).build()) {
            assertThat(prod.isEnabled("prod-only", ALICE)).isTrue();
            EvaluationDetails<Boolean> inDev = dev.getBooleanDetails("prod-only", true, ALICE);
            assertThat(inDev.value()).isFalse();
            assertThat(inDev.reason()).isEqualTo(Reason.DISABLED);
            assertThat(inDev.detail()).isEqualTo("flag is not enabled in this environment (enabled in prod)");
            assertThat(none.isEnabled("prod-only", ALICE)).isFalse();
            assertThat(dev.isEnabled(
                            "prod-only", ALICE.toBuilder().environment("prod").build()))
                    .isTrue();
        }
    }

    @Test
    void unmetPrerequisitesTurnTheFlagOffNamingThePrerequisite() {
        FlagDefinition payments = FlagDefinition.builder("payments")
                .defaultVariant("off")
                .target("on", "alice")
                .build();
        FlagDefinition checkout = FlagDefinition.builder("checkout")
                .defaultVariant("on")
                .prerequisite(Prerequisite.of("payments", "on"))
                .build();
        FlagDefinition banner = FlagDefinition.builder("banner")
                .type(FlagType.STRING)
                .variant("new", "N")
                .defaultVariant("new")
                .prerequisite(Prerequisite.of("checkout", "on"))
                .build();
        try (FlagManager flags = manager(payments, checkout, banner)) {
            EvaluationDetails<Boolean> met = flags.getBooleanDetails("checkout", false, ALICE);
            assertThat(met.value()).isTrue();
            assertThat(met.reason()).isEqualTo(Reason.DEFAULT);
            EvaluationDetails<Boolean> unmet = flags.getBooleanDetails("checkout", true, BOB);
            assertThat(unmet.value()).isFalse();
            assertThat(unmet.variant()).isEqualTo("off");
            assertThat(unmet.reason()).isEqualTo(Reason.DISABLED);
            assertThat(unmet.detail()).isEqualTo("prerequisite 'payments' not met (requires variant 'on')");
            EvaluationDetails<String> chained = flags.getStringDetails("banner", "default", BOB);
            assertThat(chained.value()).isEqualTo("default");
            assertThat(chained.detail()).isEqualTo("prerequisite 'checkout' not met (requires variant 'on')");
            assertThat(flags.getString("banner", "default", ALICE)).isEqualTo("N");
        }
    }

    @Test
    void aPrerequisiteThatIsOffIsUnmet() {
        FlagDefinition payments = FlagDefinition.builder("payments")
                .status(FlagStatus.PAUSED)
                .offVariant(null)
                .defaultVariant("on")
                .build();
        FlagDefinition checkout = FlagDefinition.builder("checkout")
                .defaultVariant("on")
                .prerequisite(Prerequisite.of("payments", "on", "off"))
                .build();
        try (FlagManager flags = manager(payments, checkout)) {
            assertThat(flags.getBooleanDetails("checkout", true, ALICE).reason())
                    .isEqualTo(Reason.DISABLED);
        }
    }

    @Test
    void segmentsCombineIncludedExcludedAndRules() {
        SegmentDefinition vips = new SegmentDefinition(
                "vips",
                "",
                List.of("bob"),
                List.of("alice"),
                List.of(List.of(Condition.of("spend", Operator.GREATER_THAN, 1000))));
        FlagDefinition flag = FlagDefinition.builder("lounge")
                .defaultVariant("off")
                .rule(Rule.of("vip", Serve.variant("on"), Condition.inSegment("vips")))
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag).withSegment(vips))
                .build()) {
            assertThat(flags.isEnabled("lounge", BOB)).as("included").isTrue();
            assertThat(flags.isEnabled("lounge", ALICE.withAttribute("spend", 5000)))
                    .as("excluded wins over rules")
                    .isFalse();
            assertThat(flags.isEnabled(
                            "lounge",
                            EvaluationContext.builder()
                                    .targetingKey("carol")
                                    .attribute("spend", 5000)
                                    .build()))
                    .as("rule")
                    .isTrue();
            assertThat(flags.isEnabled(
                            "lounge",
                            EvaluationContext.builder()
                                    .targetingKey("dave")
                                    .attribute("spend", 10)
                                    .build()))
                    .isFalse();
            assertThat(flags.isEnabled(
                            "lounge",
                            EvaluationContext.builder().attribute("spend", 5000).build()))
                    .as("no key, rule")
                    .isTrue();
        }
    }

    @Test
    void groupTargetingIsAConditionOnGroups() {
        FlagDefinition flag = FlagDefinition.builder("beta-feature")
                .defaultVariant("off")
                .rule(Rule.of(
                        "beta", Serve.variant("on"), Condition.of("groups", Operator.CONTAINS_ANY, "beta", "staff")))
                .build();
        try (FlagManager flags = manager(flag)) {
            assertThat(flags.isEnabled("beta-feature", ALICE)).isTrue();
            assertThat(flags.isEnabled("beta-feature", BOB)).isFalse();
            assertThat(flags.isEnabled(
                            "beta-feature", BOB.toBuilder().group("staff").build()))
                    .isTrue();
        }
    }

    @Test
    void unknownFlagsReturnTheCallersDefaultWithFlagNotFound() {
        try (FlagManager flags = manager()) {
            EvaluationDetails<String> details = flags.getStringDetails("nope", "fallback", ALICE);
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.reason()).isEqualTo(Reason.ERROR);
            assertThat(details.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
            assertThat(details.errorMessage()).isEqualTo("flag 'nope' is not defined");
            assertThat(flags.isEnabled("nope", ALICE)).isFalse();
            assertThat(flags.getVariant("nope", ALICE)).isNull();
        }
    }

    @Test
    void wrongTypesReturnTheCallersDefaultWithTypeMismatch() {
        try (FlagManager flags =
                manager(FlagDefinition.builder("bool").defaultVariant("on").build())) {
            EvaluationDetails<String> details = flags.getStringDetails("bool", "fallback", ALICE);
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.reason()).isEqualTo(Reason.ERROR);
            assertThat(details.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
            assertThat(details.errorMessage()).isEqualTo("flag 'bool' is of type boolean, not string");
            assertThat(flags.getInteger("bool", 7, ALICE)).isEqualTo(7);
            assertThat(flags.getDouble("bool", 0.5, ALICE)).isEqualTo(0.5);
            assertThat(flags.getObject("bool", Map.of(), ALICE)).isEqualTo(Map.of());
        }
    }

    @Test
    void aNullContextIsAnInvalidContextError() {
        try (FlagManager flags =
                manager(FlagDefinition.builder("f").defaultVariant("on").build())) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("f", false, null);
            assertThat(details.value()).isFalse();
            assertThat(details.errorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
            EvaluationDetails<Boolean> nullKey = flags.getBooleanDetails(null, true, ALICE);
            assertThat(nullKey.value()).isTrue();
            assertThat(nullKey.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(nullKey.errorMessage()).isEqualTo("flag key is null");
        }
    }

    @Test
    void servesEveryType() {
        Definitions definitions = DefinitionsReader.read("types.yml", """
                flags:
                  s: {type: string, variants: {a: hello}, default-variant: a}
                  i: {type: integer, variants: {a: 42}, default-variant: a}
                  d: {type: double, variants: {a: 2.5}, default-variant: a}
                  o: {type: object, variants: {a: {size: 3, tags: [x, y]}}, default-variant: a}
                """);
        try (FlagManager flags = FlagManager.builder().definitions(definitions).build()) {
            assertThat(flags.getString("s", "", ALICE)).isEqualTo("hello");
            assertThat(flags.getInteger("i", 0, ALICE)).isEqualTo(42);
            assertThat(flags.getDouble("d", 0, ALICE)).isEqualTo(2.5);
            assertThat(flags.getObject("o", Map.of(), ALICE)).isEqualTo(Map.of("size", 3, "tags", List.of("x", "y")));
            assertThat(flags.getVariant("o", ALICE)).isEqualTo("a");
        }
    }

    @Test
    void bulkEvaluationReturnsEveryFlagInDefinitionOrder() {
        FlagDefinition one = FlagDefinition.builder("one").defaultVariant("on").build();
        FlagDefinition two = FlagDefinition.builder("two")
                .type(FlagType.STRING)
                .variant("x", "X")
                .defaultVariant("x")
                .status(FlagStatus.PAUSED)
                .build();
        try (FlagManager flags = manager(one, two)) {
            Map<String, EvaluationDetails<Object>> all = flags.evaluateAll(ALICE);
            assertThat(all).containsOnlyKeys("one", "two");
            assertThat(all.keySet()).containsExactly("one", "two");
            assertThat(all.get("one").value()).isEqualTo(true);
            assertThat(all.get("two").value()).isNull();
            assertThat(all.get("two").reason()).isEqualTo(Reason.DISABLED);
            Map<String, EvaluationDetails<Object>> some = flags.evaluate(List.of("two", "missing"), ALICE);
            assertThat(some.keySet()).containsExactly("two", "missing");
            assertThat(some.get("missing").errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        }
    }

    @Test
    void explainsTheBucketAndThePrerequisiteChain() {
        FlagDefinition base =
                FlagDefinition.builder("base").defaultVariant("on").build();
        FlagDefinition ab = FlagDefinition.builder("ab")
                .defaultVariant("off")
                .prerequisite(Prerequisite.of("base", "on"))
                .fallthrough(Serve.split("on", 50).and("off", 50))
                .build();
        try (FlagManager flags = manager(base, ab)) {
            Explanation explanation = flags.explain("ab", EvaluationContext.of("user-1"));
            assertThat(explanation.details().reason()).isEqualTo(Reason.SPLIT);
            assertThat(explanation.bucketingValue()).isEqualTo("user-1");
            assertThat(explanation.bucketCount()).isEqualTo(100);
            assertThat(explanation.bucket()).isBetween(0L, 99L);
            assertThat(explanation.details().variant()).isEqualTo(explanation.bucket() < 50 ? "on" : "off");
            assertThat(explanation.prerequisites()).hasSize(1);
            Explanation.PrerequisiteCheck check = explanation.prerequisites().get(0);
            assertThat(check.flag()).isEqualTo("base");
            assertThat(check.met()).isTrue();
            assertThat(check.explanation().details().reason()).isEqualTo(Reason.STATIC);
            assertThat(flags.explain("missing", ALICE).details().errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        }
    }

    private static int share(FlagManager flags, String key) {
        return usersOn(flags, key).size();
    }

    private static List<String> usersOn(FlagManager flags, String key) {
        List<String> on = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            if (flags.isEnabled(key, EvaluationContext.of("user-" + i))) {
                on.add("user-" + i);
            }
        }
        return on;
    }
}
