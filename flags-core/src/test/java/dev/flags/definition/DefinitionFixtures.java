package dev.flags.definition;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Definitions for tests: a rich set that uses every part of the format. */
public final class DefinitionFixtures {

    private DefinitionFixtures() {}

    /** Flags and segments using rules, distributions, progressive rollouts, steps, prerequisites, targets and metadata. */
    public static Definitions rich() {
        FlagDefinition base =
                FlagDefinition.builder("base").defaultVariant("on").build();
        FlagDefinition checkout = FlagDefinition.builder("new-checkout")
                .type(FlagType.STRING)
                .variant("control", "old")
                .variant("treatment", "new \"quoted\"\nline")
                .variant("off", "none")
                .defaultVariant("control")
                .offVariant("off")
                .description("The new checkout")
                .owner("team-shop")
                .tags("checkout", "experiment")
                .created(LocalDate.parse("2026-01-02"))
                .reviewBy(LocalDate.parse("2026-06-30"))
                .status(FlagStatus.SCHEDULED)
                .activeFrom(Instant.parse("2026-02-01T09:00:00Z"))
                .activeUntil(Instant.parse("2026-12-01T00:00:00Z"))
                .environments("prod", "staging")
                .bucketBy("accountId")
                .salt("salty")
                .prerequisite(Prerequisite.of("base", "on"))
                .prerequisite(Prerequisite.of("base", "on", "off"))
                .target("treatment", "alice", "bob")
                .target("control", "carol")
                .rule(new Rule(
                        "beta",
                        "Beta users",
                        List.of(
                                Condition.of("groups", Operator.CONTAINS_ANY, "beta", "staff"),
                                Condition.of("age", Operator.GREATER_THAN, 17).negated(),
                                new Condition("email", Operator.EXISTS, List.of(), false),
                                Condition.inSegment("vip")),
                        Serve.split("treatment", 1).and("control", 99_999)))
                .rule(Rule.of(
                        "rule-2",
                        Serve.variant("treatment"),
                        Condition.of("version", Operator.SEMVER_GREATER_THAN, "2.0.0")))
                .rule(Rule.of(
                        "ramp",
                        new Serve.Progressive(
                                "treatment",
                                "control",
                                Instant.parse("2026-03-01T00:00:00Z"),
                                Instant.parse("2026-03-08T00:00:00Z"),
                                5.5,
                                50)))
                .fallthrough(new Serve.Scheduled(
                        Serve.variant("control"),
                        List.of(
                                new Serve.Step(
                                        Instant.parse("2026-04-01T00:00:00Z"),
                                        Serve.split("treatment", 5).and("control", 95)),
                                new Serve.Step(Instant.parse("2026-04-08T00:00:00Z"), Serve.variant("treatment")))))
                .metadata("jira", "SHOP-1")
                .metadata("priority", 3)
                .metadata("experiment", true)
                .build();
        FlagDefinition config = FlagDefinition.builder("config")
                .type(FlagType.OBJECT)
                .variant("small", Map.of("limit", 10))
                .variant("large", Map.of("limit", 1000, "names", List.of("a", "b"), "nested", Map.of("x", 1.5)))
                .defaultVariant("small")
                .fallthrough(new Serve.Scheduled(
                        null, List.of(new Serve.Step(Instant.parse("2026-05-01T00:00:00Z"), Serve.variant("large")))))
                .build();
        FlagDefinition ratio = FlagDefinition.builder("ratio")
                .type(FlagType.DOUBLE)
                .variant("low", 0.25)
                .variant("high", 2)
                .defaultVariant("low")
                .build();
        FlagDefinition noOff = FlagDefinition.builder("no-off")
                .variant("on", true)
                .variant("off", false)
                .offVariant(null)
                .defaultVariant("on")
                .status(FlagStatus.EMERGENCY_OFF)
                .build();
        SegmentDefinition vip = new SegmentDefinition(
                "vip",
                "Very important",
                List.of("alice"),
                List.of("mallory"),
                List.of(
                        List.of(Condition.of("plan", Operator.IN, "gold", "platinum")),
                        List.of(Condition.of("email", Operator.ENDS_WITH, "@example.com"))));
        return new Definitions(
                List.of(base, checkout, config, ratio, noOff), List.of(vip, SegmentDefinition.ofKeys("empty")));
    }
}
