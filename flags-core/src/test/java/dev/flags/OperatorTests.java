package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator against a value that matches, one that does not, a missing attribute and a value
 * of another type, plain and negated. A missing attribute or another type is false either way.
 */
class OperatorTests {

    private static final Set<Operator> COVERED = EnumSet.noneOf(Operator.class);

    /** operator, values, matching attribute value, non-matching value, value of another type. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Operator.EQUALS, List.of("DE"), "DE", "FR", 49),
                Arguments.of(Operator.EQUALS, List.of(3), 3.0, 4, "3"),
                Arguments.of(Operator.EQUALS, List.of(true), true, false, "true"),
                Arguments.of(Operator.NOT_EQUALS, List.of("DE"), "FR", "DE", 49),
                Arguments.of(Operator.IN, List.of("DE", "FR", "NL"), "NL", "US", 1),
                Arguments.of(Operator.IN, manyKeys(), "key-17", "key-99", 17),
                Arguments.of(Operator.NOT_IN, List.of("DE", "FR"), "US", "FR", false),
                Arguments.of(Operator.CONTAINS, List.of("@acme."), "jo@acme.com", "jo@other.com", 5),
                Arguments.of(Operator.CONTAINS, List.of("admin"), List.of("user", "admin"), List.of("user"), 5),
                Arguments.of(Operator.CONTAINS_ANY, List.of("a", "b"), List.of("x", "b"), List.of("x", "y"), "a"),
                Arguments.of(Operator.STARTS_WITH, List.of("+49", "+43"), "+43 1 234", "+1 555", 49),
                Arguments.of(Operator.ENDS_WITH, List.of(".de"), "shop.de", "shop.com", List.of("shop.de")),
                Arguments.of(Operator.MATCHES, List.of("^[a-z]+@acme\\.com$"), "jo@acme.com", "JO@acme.com", 7),
                Arguments.of(Operator.LESS_THAN, List.of(18), 17, 18, "17"),
                Arguments.of(Operator.LESS_THAN_OR_EQUAL, List.of(18), 18, 18.5, "18"),
                Arguments.of(Operator.GREATER_THAN, List.of(99.5), 100, 99.5, "100"),
                Arguments.of(Operator.GREATER_THAN_OR_EQUAL, List.of(100), 100L, 99, true),
                Arguments.of(
                        Operator.BEFORE,
                        List.of("2026-06-01T00:00:00Z"),
                        Instant.parse("2026-05-31T23:59:59Z"),
                        "2026-06-01T00:00:00Z",
                        20260531),
                Arguments.of(
                        Operator.AFTER,
                        List.of("2026-06-01"),
                        "2026-06-01T00:00:01+00:00",
                        Instant.parse("2026-05-01T00:00:00Z"),
                        "soon"),
                Arguments.of(Operator.SEMVER_EQUAL, List.of("2.1.0"), "v2.1.0+build.7", "2.1.1", 2),
                Arguments.of(Operator.SEMVER_LESS_THAN, List.of("2.0.0"), "2.0.0-rc.1", "2.0.0", "two"),
                Arguments.of(Operator.SEMVER_GREATER_THAN, List.of("1.9.0"), "1.10.0", "1.9.0", 1.10),
                Arguments.of(Operator.SEMVER_IN_RANGE, List.of("^1.2.3", "3.x"), "3.4.0", "2.0.0", 1.2),
                Arguments.of(Operator.EXISTS, List.of(), "anything", null, null));
    }

    private static List<Object> manyKeys() {
        List<Object> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add("key-" + i);
        }
        return keys;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesMissesAndIgnoresOtherTypes(
            Operator operator, List<Object> values, Object match, Object noMatch, Object otherType) {
        COVERED.add(operator);
        Condition condition = new Condition("attr", operator, values, false);
        assertThat(holds(condition, match)).as("match").isTrue();
        if (noMatch != null) {
            assertThat(holds(condition, noMatch)).as("no match").isFalse();
        }
        assertThat(holds(condition, null)).as("missing attribute").isFalse();
        if (otherType != null) {
            assertThat(holds(condition, otherType)).as("other type").isFalse();
        }

        Condition negated = condition.negated();
        assertThat(holds(negated, match)).as("negated match").isFalse();
        if (noMatch != null) {
            assertThat(holds(negated, noMatch)).as("negated no match").isTrue();
        }
        if (operator == Operator.EXISTS) {
            assertThat(holds(negated, null))
                    .as("negated exists on a missing attribute")
                    .isTrue();
        } else {
            assertThat(holds(negated, null)).as("negated, missing attribute").isFalse();
            assertThat(holds(negated, otherType)).as("negated, other type").isFalse();
        }
    }

    @Test
    void inSegmentMatchesMembersOfAnyNamedSegment() {
        COVERED.add(Operator.IN_SEGMENT);
        FlagDefinition flag = FlagDefinition.builder("f")
                .defaultVariant("off")
                .rule(Rule.of("r", Serve.variant("on"), Condition.inSegment("a", "b")))
                .rule(Rule.of(
                        "not-c",
                        Serve.variant("on"),
                        Condition.inSegment("c").negated(),
                        Condition.of("tier", Operator.EXISTS)))
                .build();
        Definitions definitions = Definitions.of(flag)
                .withSegment(dev.flags.definition.SegmentDefinition.ofKeys("a", "ann"))
                .withSegment(dev.flags.definition.SegmentDefinition.ofKeys("b", "ben"))
                .withSegment(dev.flags.definition.SegmentDefinition.ofKeys("c", "cid"));
        try (FlagManager flags = FlagManager.builder().definitions(definitions).build()) {
            assertThat(flags.isEnabled("f", EvaluationContext.of("ann"))).isTrue();
            assertThat(flags.isEnabled("f", EvaluationContext.of("ben"))).isTrue();
            assertThat(flags.isEnabled("f", EvaluationContext.of("zed"))).isFalse();
            assertThat(flags.isEnabled(
                            "f",
                            EvaluationContext.builder()
                                    .targetingKey("zed")
                                    .attribute("tier", "x")
                                    .build()))
                    .isTrue();
            assertThat(flags.isEnabled(
                            "f",
                            EvaluationContext.builder()
                                    .targetingKey("cid")
                                    .attribute("tier", "x")
                                    .build()))
                    .isFalse();
        }
    }

    @Test
    void readsNestedAttributesByDottedPath() {
        Condition condition = Condition.of("address.country", Operator.EQUALS, "DE");
        EvaluationContext nested = EvaluationContext.builder()
                .attribute("address", Map.of("country", "DE", "city", "Bonn"))
                .build();
        EvaluationContext flat =
                EvaluationContext.builder().attribute("address.country", "DE").build();
        assertThat(holdsFor(condition, nested)).isTrue();
        assertThat(holdsFor(condition, flat)).isTrue();
        assertThat(holdsFor(
                        condition,
                        EvaluationContext.builder().attribute("address", "DE").build()))
                .isFalse();
    }

    @Test
    void builtInAttributesReadTheTargetingKeyGroupsAndEnvironment() {
        EvaluationContext context = EvaluationContext.builder()
                .targetingKey("u-1")
                .group("beta")
                .environment("prod")
                .build();
        assertThat(holdsFor(Condition.of("targetingKey", Operator.STARTS_WITH, "u-"), context))
                .isTrue();
        assertThat(holdsFor(Condition.of("groups", Operator.CONTAINS, "beta"), context))
                .isTrue();
        assertThat(holdsFor(Condition.of("environment", Operator.EQUALS, "prod"), context))
                .isTrue();
    }

    @Test
    void environmentConditionsFallBackToTheManagersEnvironment() {
        FlagDefinition flag = FlagDefinition.builder("f")
                .defaultVariant("off")
                .rule(Rule.of("r", Serve.variant("on"), Condition.of("environment", Operator.EQUALS, "staging")))
                .build();
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .environment("staging")
                .build()) {
            assertThat(flags.isEnabled("f", EvaluationContext.EMPTY)).isTrue();
        }
    }

    @AfterAll
    static void everyOperatorIsCovered() {
        Set<Operator> missing = new HashSet<>(Arrays.asList(Operator.values()));
        missing.removeAll(COVERED);
        assertThat(missing).as("operators without a test").isEmpty();
    }

    private static boolean holds(Condition condition, Object attributeValue) {
        EvaluationContext context = attributeValue == null
                ? EvaluationContext.of("k")
                : EvaluationContext.builder()
                        .targetingKey("k")
                        .attribute("attr", attributeValue)
                        .build();
        return holdsFor(condition, context);
    }

    /** Whether the condition holds for the context, evaluated through a FlagManager; also used by other tests. */
    static boolean holdsFor(Condition condition, EvaluationContext context) {
        FlagDefinition flag = FlagDefinition.builder("f")
                .defaultVariant("off")
                .rule(new Rule("r", null, List.of(condition), Serve.variant("on")))
                .build();
        try (FlagManager flags =
                FlagManager.builder().definitions(Definitions.of(flag)).build()) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("f", false, context);
            assertThat(details.errorCode()).isNull();
            return details.value();
        }
    }
}
