package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyContextTests {

    private static final Definitions DEFINITIONS = Definitions.of(
            FlagDefinition.builder("simple").defaultVariant("on").build(),
            FlagDefinition.builder("targeted")
                    .defaultVariant("off")
                    .rule(Rule.of("de", Serve.variant("on"), Condition.of("country", Operator.EQUALS, "DE")))
                    .build(),
            FlagDefinition.builder("needs-targeted")
                    .defaultVariant("on")
                    .prerequisite(Prerequisite.of("targeted", "on"))
                    .build());

    private static final EvaluationContext GERMAN = EvaluationContext.builder()
            .targetingKey("u")
            .attribute("country", "DE")
            .build();

    @Test
    void servesAFlagWithoutTargetingWithoutBuildingTheContext() {
        AtomicInteger built = new AtomicInteger();
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.BOOLEAN, false, () -> {
                built.incrementAndGet();
                return GERMAN;
            });
            assertThat(details.value()).isEqualTo(true);
            assertThat(details.reason()).isEqualTo(Reason.STATIC);
            assertThat(built).hasValue(0);
        }
    }

    @Test
    void buildsTheContextForAFlagThatReadsItDirectlyOrThroughAPrerequisite() {
        AtomicInteger built = new AtomicInteger();
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            assertThat(flags.evaluate("targeted", FlagType.BOOLEAN, false, () -> {
                                built.incrementAndGet();
                                return GERMAN;
                            })
                            .value())
                    .isEqualTo(true);
            assertThat(flags.evaluate("needs-targeted", FlagType.BOOLEAN, false, () -> {
                                built.incrementAndGet();
                                return GERMAN;
                            })
                            .value())
                    .isEqualTo(true);
            assertThat(built).hasValue(2);
        }
    }

    /** Records the context each evaluation showed it and how often its interest was asked. */
    private static final class Recording implements EvaluationHook {
        final Interest interest;
        final AtomicInteger asked = new AtomicInteger();
        final List<EvaluationContext> seen = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Recording(Interest interest) {
            this.interest = interest;
        }

        @Override
        public Interest interest(String flagKey) {
            asked.incrementAndGet();
            return interest;
        }

        @Override
        public void after(HookContext evaluation, EvaluationDetails<?> details, Object data) {
            seen.add(evaluation.context());
            values.add(details.value());
        }
    }

    @Test
    void aHookThatWantsOnlyTheOutcomeDoesNotMakeTheContextBeBuilt() {
        AtomicInteger built = new AtomicInteger();
        Recording outcome = new Recording(EvaluationHook.Interest.OUTCOME);
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).hook(outcome).build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.BOOLEAN, false, () -> {
                built.incrementAndGet();
                return GERMAN;
            });
            assertThat(details.value()).isEqualTo(true);
            assertThat(built)
                    .as("a flag without targeting, a hook without inputs")
                    .hasValue(0);
            assertThat(outcome.asked).as("asked once").hasValue(1);
            assertThat(outcome.seen).containsExactly(EvaluationContext.EMPTY);
            assertThat(outcome.values).containsExactly(true);
        }
    }

    @Test
    void aHookThatWantsTheInputsGetsTheContextBuiltOnce() {
        AtomicInteger built = new AtomicInteger();
        Recording outcome = new Recording(EvaluationHook.Interest.OUTCOME);
        Recording inputs = new Recording(EvaluationHook.Interest.INPUTS);
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(DEFINITIONS)
                .hook(outcome)
                .hook(inputs)
                .build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.BOOLEAN, false, () -> {
                built.incrementAndGet();
                return GERMAN;
            });
            assertThat(details.value()).isEqualTo(true);
            assertThat(built).hasValue(1);
            assertThat(inputs.asked).hasValue(1);
            assertThat(outcome.asked).hasValue(1);
            assertThat(inputs.seen).containsExactly(GERMAN);
            assertThat(outcome.seen).as("the hooks share one evaluation").containsExactly(GERMAN);
        }
    }

    @Test
    void reportsAContextThatCannotBeBuiltAsInvalidContext() {
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            EvaluationDetails<Object> details = flags.evaluate("targeted", FlagType.BOOLEAN, false, () -> {
                throw new IllegalStateException("broken");
            });
            assertThat(details.value()).isEqualTo(false);
            assertThat(details.errorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
        }
    }

    @Test
    void checksTheTypeLikeTheTypedGetters() {
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(DEFINITIONS).build()) {
            EvaluationDetails<Object> details = flags.evaluate("simple", FlagType.STRING, "x", () -> GERMAN);
            assertThat(details.value()).isEqualTo("x");
            assertThat(details.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        }
    }

    // ---- groups and environment only where read ----

    private static final EvaluationContext STAFF_IN_STAGING = EvaluationContext.builder()
            .targetingKey("u")
            .group("staff")
            .environment("staging")
            .attribute("country", "DE")
            .build();

    /** Flags that read the groups or the environment in each way there is, and two that read neither. */
    private static final Definitions BUILT_INS = Definitions.of(
                    FlagDefinition.builder("by-country")
                            .defaultVariant("off")
                            .rule(Rule.of("de", Serve.variant("on"), Condition.of("country", Operator.EQUALS, "DE")))
                            .build(),
                    FlagDefinition.builder("by-key-split")
                            .type(FlagType.STRING)
                            .variant("a", "A")
                            .variant("b", "B")
                            .defaultVariant("a")
                            .fallthrough(Serve.split("a", 50).and("b", 50))
                            .build(),
                    FlagDefinition.builder("by-group")
                            .defaultVariant("off")
                            .rule(Rule.of(
                                    "staff",
                                    Serve.variant("on"),
                                    Condition.of("groups", Operator.CONTAINS_ANY, "staff")))
                            .build(),
                    FlagDefinition.builder("by-environment-condition")
                            .defaultVariant("off")
                            .rule(Rule.of(
                                    "staging",
                                    Serve.variant("on"),
                                    Condition.of("environment", Operator.EQUALS, "staging")))
                            .build(),
                    FlagDefinition.builder("in-staging-only")
                            .defaultVariant("on")
                            .environments("staging")
                            .build(),
                    FlagDefinition.builder("by-segment")
                            .defaultVariant("off")
                            .rule(Rule.of("insiders", Serve.variant("on"), Condition.inSegment("insiders")))
                            .build(),
                    FlagDefinition.builder("needs-group")
                            .defaultVariant("on")
                            .prerequisite(Prerequisite.of("by-group", "on"))
                            .build(),
                    FlagDefinition.builder("bucket-by-environment")
                            .defaultVariant("off")
                            .bucketBy("environment")
                            .fallthrough(Serve.split("on", 100).and("off", 0))
                            .build())
            // a segment whose rule goes through another segment that reads the groups
            .withSegment(new SegmentDefinition(
                    "insiders", "", List.of(), List.of(), List.of(List.of(Condition.inSegment("staff")))))
            .withSegment(new SegmentDefinition(
                    "staff",
                    "",
                    List.of(),
                    List.of(),
                    List.of(List.of(Condition.of("groups", Operator.CONTAINS_ANY, "staff")))));

    /** Converts like an adapter would: the groups and environment only when asked, and records what it was asked. */
    private static final class AskedConversion implements InspectableFlagManager.ContextConversion<EvaluationContext> {
        final List<Boolean> asked = new ArrayList<>();

        @Override
        public EvaluationContext convert(EvaluationContext source, boolean groupsAndEnvironment) {
            asked.add(groupsAndEnvironment);
            return groupsAndEnvironment
                    ? source
                    : new EvaluationContext(source.targetingKey(), java.util.Set.of(), null, source.attributes());
        }
    }

    @Test
    void asksForTheGroupsAndEnvironmentOnlyForAFlagThatReadsThem() {
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(BUILT_INS).build()) {
            for (String key : List.of("by-country", "by-key-split")) {
                AskedConversion conversion = new AskedConversion();
                EvaluationDetails<Object> details = flags.evaluate(key, null, null, STAFF_IN_STAGING, conversion);
                assertThat(conversion.asked).as(key).containsExactly(false);
                assertThat(details.value())
                        .as(key)
                        .isEqualTo(flags.evaluate(key, STAFF_IN_STAGING).value());
            }
            assertThat(flags.evaluate("by-country", null, null, STAFF_IN_STAGING, new AskedConversion())
                            .reason())
                    .isEqualTo(Reason.TARGETING_MATCH);
            for (String key : List.of(
                    "by-group",
                    "by-environment-condition",
                    "in-staging-only",
                    "by-segment",
                    "needs-group",
                    "bucket-by-environment")) {
                AskedConversion conversion = new AskedConversion();
                EvaluationDetails<Object> details = flags.evaluate(key, null, null, STAFF_IN_STAGING, conversion);
                assertThat(conversion.asked).as(key).containsExactly(true);
                assertThat(details.value()).as(key).isEqualTo(true);
                assertThat(details.errorCode()).as(key).isNull();
            }
            AskedConversion unknown = new AskedConversion();
            assertThat(flags.evaluate("nope", null, null, STAFF_IN_STAGING, unknown)
                            .errorCode())
                    .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
            assertThat(unknown.asked).as("an unknown flag").containsExactly(true);
        }
    }

    @Test
    void asksForTheGroupsAndEnvironmentForAHookThatWantsTheInputsAndForASensitiveFlag() {
        Recording inputs = new Recording(EvaluationHook.Interest.INPUTS);
        try (InspectableFlagManager flags =
                FlagManager.builder().definitions(BUILT_INS).hook(inputs).build()) {
            AskedConversion conversion = new AskedConversion();
            flags.evaluate("by-country", null, null, STAFF_IN_STAGING, conversion);
            assertThat(conversion.asked).containsExactly(true);
            assertThat(inputs.seen).containsExactly(STAFF_IN_STAGING);
        }
        Definitions sensitive = Definitions.of(FlagDefinition.builder("payroll")
                .defaultVariant("off")
                .tags("sensitive")
                .rule(Rule.of("de", Serve.variant("on"), Condition.of("country", Operator.EQUALS, "DE")))
                .build());
        List<EvaluationContext> guarded = new ArrayList<>();
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(sensitive)
                .guard(
                        "sensitive",
                        (flag, context) ->
                                guarded.add(context) && context.groups().contains("staff"))
                .build()) {
            AskedConversion conversion = new AskedConversion();
            EvaluationDetails<Object> details = flags.evaluate("payroll", null, null, STAFF_IN_STAGING, conversion);
            assertThat(conversion.asked)
                    .as("the guard may read the whole context")
                    .containsExactly(true);
            assertThat(guarded).containsExactly(STAFF_IN_STAGING);
            assertThat(details.value()).isEqualTo(true);
        }
    }
}
