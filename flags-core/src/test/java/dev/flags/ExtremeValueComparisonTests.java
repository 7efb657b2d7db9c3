package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Dates and numbers at the ends of their ranges compare correctly or make the condition false, plain
 * and negated; they are never an error.
 */
class ExtremeValueComparisonTests {

    /** Whether {@code attribute operator bound} holds for the value, and that the evaluation is no error. */
    private static boolean holds(Operator operator, Object bound, @Nullable Object value, boolean negate) {
        Condition condition = Condition.of("x", operator, bound);
        FlagDefinition flag = FlagDefinition.builder("f")
                .defaultVariant("off")
                .rule(Rule.of("r", Serve.variant("on"), negate ? condition.negated() : condition))
                .build();
        try (FlagManager flags =
                FlagManager.builder().definitions(Definitions.of(flag)).build()) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails(
                    "f",
                    false,
                    EvaluationContext.builder()
                            .targetingKey("u")
                            .attribute("x", value)
                            .build());
            assertThat(details.reason()).as("%s %s %s", value, operator, bound).isNotEqualTo(Reason.ERROR);
            return details.value();
        }
    }

    @Test
    void instantsAtTheEndsOfTheirRangeCompareCorrectly() {
        String bound = "2026-06-01T00:00:00Z";
        assertThat(holds(Operator.BEFORE, bound, Instant.MIN, false)).isTrue();
        assertThat(holds(Operator.AFTER, bound, Instant.MIN, false)).isFalse();
        assertThat(holds(Operator.AFTER, bound, Instant.MAX, false)).isTrue();
        assertThat(holds(Operator.BEFORE, bound, Instant.MAX, false)).isFalse();
        assertThat(holds(Operator.BEFORE, bound, Instant.MAX, true)).isTrue();
        assertThat(holds(Operator.AFTER, bound, "+999999999-12-31T23:59:59Z", false))
                .isTrue();
        assertThat(holds(Operator.BEFORE, bound, "-999999999-01-01T00:00:00Z", false))
                .isTrue();
    }

    @Test
    void farOffBoundsInTheDefinitionCompareCorrectly() {
        assertThat(holds(Operator.BEFORE, "+999999999-12-31T23:59:59Z", Instant.parse("2026-01-01T00:00:00Z"), false))
                .isTrue();
        assertThat(holds(Operator.AFTER, "-999999999-01-01", Instant.MAX, false))
                .isTrue();
        assertThat(holds(Operator.AFTER, "+999999999-12-31T23:59:59Z", Instant.MAX, false))
                .isTrue();
        assertThat(holds(Operator.BEFORE, "-999999999-01-01T00:00:00Z", Instant.MIN, false))
                .isTrue();
    }

    @Test
    void hugeWholeNumbersCompareExactly() {
        assertThat(holds(Operator.LESS_THAN, Long.MAX_VALUE, Long.MAX_VALUE - 1, false))
                .as("a double would round both to 2^63")
                .isTrue();
        assertThat(holds(Operator.GREATER_THAN, Long.MIN_VALUE, Long.MIN_VALUE + 1, false))
                .isTrue();
        assertThat(holds(Operator.LESS_THAN_OR_EQUAL, Long.MAX_VALUE, Long.MAX_VALUE, false))
                .isTrue();
        assertThat(holds(Operator.GREATER_THAN, 0, new BigInteger("1" + "0".repeat(400)), false))
                .isTrue();
        assertThat(holds(Operator.LESS_THAN, 0, new BigDecimal("-1e400"), false))
                .isTrue();
        assertThat(holds(Operator.GREATER_THAN, Double.MAX_VALUE, Double.POSITIVE_INFINITY, false))
                .isTrue();
        assertThat(holds(Operator.LESS_THAN, -Double.MAX_VALUE, Double.NEGATIVE_INFINITY, false))
                .isTrue();
    }

    @Test
    void notANumberIsFalseEvenNegated() {
        for (Operator operator : new Operator[] {
            Operator.LESS_THAN, Operator.LESS_THAN_OR_EQUAL, Operator.GREATER_THAN, Operator.GREATER_THAN_OR_EQUAL
        }) {
            assertThat(holds(operator, 10, Double.NaN, false))
                    .as("%s NaN", operator)
                    .isFalse();
            assertThat(holds(operator, 10, Double.NaN, true))
                    .as("not %s NaN", operator)
                    .isFalse();
            assertThat(holds(operator, Double.NaN, 10, false))
                    .as("%s against NaN", operator)
                    .isFalse();
            assertThat(holds(operator, Double.NaN, 10, true))
                    .as("not %s against NaN", operator)
                    .isFalse();
        }
    }
}
