package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conditions and {@code bucket-by} address nested maps by a dotted path, resolved when the snapshot
 * is compiled; escaped dots name keys that contain a dot; paths that can never match are
 * validation errors; absent paths do not match.
 */
class NestedAttributeTests {

    private static final EvaluationContext NESTED = EvaluationContext.builder()
            .targetingKey("u-1")
            .attribute("user", Map.of("name", "ann", "org", Map.of("plan", "gold")))
            .attribute("labels", Map.of("app.kubernetes.io/name", "shop"))
            .attribute("plain", "x")
            .build();

    @Test
    void conditionsReadPathsOfAnyDepth() {
        assertThat(holds(Condition.of("user.name", Operator.EQUALS, "ann"), NESTED))
                .isTrue();
        assertThat(holds(Condition.of("user.org.plan", Operator.IN, "silver", "gold"), NESTED))
                .isTrue();
        assertThat(holds(Condition.of("user.org.plan", Operator.EQUALS, "silver"), NESTED))
                .isFalse();
    }

    @Test
    void anEscapedDotIsPartOfAName() {
        assertThat(holds(Condition.of("labels.app\\.kubernetes\\.io/name", Operator.EQUALS, "shop"), NESTED))
                .isTrue();
        EvaluationContext flat =
                EvaluationContext.builder().attribute("a.b", "yes").build();
        assertThat(holds(Condition.of("a\\.b", Operator.EQUALS, "yes"), flat)).isTrue();
        // An escaped path is only the path it spells: not the flat key of the same text.
        EvaluationContext literal =
                EvaluationContext.builder().attribute("a\\.b", "yes").build();
        assertThat(holds(Condition.of("a\\.b", Operator.EQUALS, "yes"), literal))
                .isFalse();
    }

    @Test
    void aFlatKeyOfExactlyTheDottedNameWins() {
        EvaluationContext both = EvaluationContext.builder()
                .attribute("user.name", "flat")
                .attribute("user", Map.of("name", "nested"))
                .build();
        assertThat(holds(Condition.of("user.name", Operator.EQUALS, "flat"), both))
                .isTrue();
        assertThat(holds(Condition.of("user.name", Operator.EQUALS, "nested"), both))
                .isFalse();
    }

    @Test
    void aLeadingDotReadsOnlyThePathAsJsonLogicDoes() {
        EvaluationContext both = EvaluationContext.builder()
                .attribute("user.name", "flat")
                .attribute("user", Map.of("name", "nested"))
                .build();
        assertThat(holds(Condition.of(".user.name", Operator.EQUALS, "nested"), both))
                .isTrue();
        assertThat(holds(Condition.of(".user.name", Operator.EQUALS, "flat"), both))
                .isFalse();
        EvaluationContext flatOnly =
                EvaluationContext.builder().attribute("user.name", "flat").build();
        assertThat(holds(Condition.of(".user.name", Operator.EXISTS), flatOnly))
                .as("a flat key of the whole name is not the path")
                .isFalse();
        assertThat(holds(
                        Condition.of(".plan", Operator.EQUALS, "pro"),
                        EvaluationContext.builder().attribute("plan", "pro").build()))
                .as("one name: the attribute itself")
                .isTrue();
    }

    @Test
    void anAbsentPathOrOneThroughAScalarIsNoMatch() {
        assertThat(holds(Condition.of("user.email", Operator.EQUALS, "ann"), NESTED))
                .isFalse();
        assertThat(holds(Condition.of("user.email", Operator.EQUALS, "ann").negated(), NESTED))
                .isFalse();
        assertThat(holds(Condition.of("plain.deeper", Operator.EXISTS), NESTED)).isFalse();
        assertThat(holds(Condition.of("plain.deeper", Operator.EXISTS).negated(), NESTED))
                .isTrue();
        assertThat(holds(Condition.of("user.name.first", Operator.EQUALS, "ann"), NESTED))
                .isFalse();
        assertThat(holds(Condition.of("user.org", Operator.EXISTS), NESTED)).isTrue();
    }

    @Test
    void bucketByANestedPathBucketsAsTheFlatValueWould() {
        FlagDefinition byPath = halves("f").bucketBy("user.org.plan").build();
        FlagDefinition byFlat = halves("f").bucketBy("plan").build();
        try (FlagManager nested = manager(byPath);
                FlagManager flat = manager(byFlat)) {
            for (int i = 0; i < 40; i++) {
                String plan = "plan-" + i;
                EvaluationContext nestedContext = EvaluationContext.builder()
                        .targetingKey("u-" + i)
                        .attribute("user", Map.of("org", Map.of("plan", plan)))
                        .build();
                EvaluationContext flatContext = EvaluationContext.builder()
                        .targetingKey("other-" + i)
                        .attribute("plan", plan)
                        .build();
                EvaluationDetails<Boolean> details = nested.getBooleanDetails("f", false, nestedContext);
                assertThat(details.reason()).as(plan).isEqualTo(Reason.SPLIT);
                assertThat(details.variant())
                        .as(plan)
                        .isEqualTo(
                                flat.getBooleanDetails("f", false, flatContext).variant());
            }
            EvaluationDetails<Boolean> missing = nested.getBooleanDetails("f", true, EvaluationContext.of("u-1"));
            assertThat(missing.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(missing.variant()).isEqualTo("off");
        }
    }

    @Test
    void anEmptyTargetingKeyIsNoBucketingValue() {
        try (FlagManager flags = manager(halves("f").build())) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("f", true, EvaluationContext.of(""));
            assertThat(details.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(details.variant()).isEqualTo("off");
            assertThat(flags.getBooleanDetails("f", true, EvaluationContext.of("u-1"))
                            .reason())
                    .isEqualTo(Reason.SPLIT);
        }
    }

    @Test
    void pathsThatCanNeverMatchAreValidationErrors() {
        FlagDefinition flag = FlagDefinition.builder("f")
                .defaultVariant("off")
                .bucketBy("user.")
                .rule(Rule.of("a", Serve.variant("on"), Condition.of("user..name", Operator.EQUALS, "x")))
                .rule(Rule.of("b", Serve.variant("on"), Condition.of("..name", Operator.EQUALS, "x")))
                .rule(Rule.of("c", Serve.variant("on"), Condition.of("user\\name", Operator.EQUALS, "x")))
                .rule(Rule.of("d", Serve.variant("on"), Condition.of("user\\", Operator.EQUALS, "x")))
                .fallthrough(Serve.split("on", 1).and("off", 1))
                .build();
        assertThat(Definitions.of(flag).validate())
                .extracting(DefinitionError::path, DefinitionError::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "flags.f.bucket-by",
                                "'user.' is not a valid attribute path: it ends in a dot (write \\. for a dot inside a name)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "flags.f.rules[0].when[0].attribute",
                                "'user..name' is not a valid attribute path: the name before the dot at character 6 is"
                                        + " empty (write \\. for a dot inside a name)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "flags.f.rules[1].when[0].attribute",
                                "'..name' is not a valid attribute path: the name before the dot at character 2 is empty"
                                        + " (write \\. for a dot inside a name)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "flags.f.rules[2].when[0].attribute",
                                "'user\\name' is not a valid attribute path: '\\n' at character 5 is not an escape"
                                        + " (only \\. and \\\\ are)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "flags.f.rules[3].when[0].attribute",
                                "'user\\' is not a valid attribute path: it ends in a lone backslash (write \\\\ for a"
                                        + " backslash)"));
    }

    private static FlagDefinition.Builder halves(String key) {
        return FlagDefinition.builder(key)
                .defaultVariant("off")
                .fallthrough(Serve.split("on", 1).and("off", 1));
    }

    private static FlagManager manager(FlagDefinition flag) {
        return FlagManager.builder().definitions(Definitions.of(flag)).build();
    }

    private static boolean holds(Condition condition, EvaluationContext context) {
        return OperatorTests.holdsFor(condition, context);
    }
}
