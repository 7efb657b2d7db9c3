package dev.flags.test;

import dev.flags.Reason;
import dev.flags.TypedVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one flag's evaluations (or exposures) in the current test; each passes when at
 * least one of them matches, and its failure lists what was served instead.
 */
public final class EvaluationAssert extends AbstractAssert<EvaluationAssert, List<RecordedEvaluation>> {

    private final String key;
    private final String verb;

    EvaluationAssert(String key, String verb, List<RecordedEvaluation> evaluations) {
        super(List.copyOf(evaluations), EvaluationAssert.class);
        this.key = key;
        this.verb = verb;
    }

    /**
     * Asserts that one of the evaluations served the variant.
     *
     * @param variant the variant name
     * @return this assertion
     */
    public EvaluationAssert withVariant(String variant) {
        return matching("with variant '" + variant + "'", e -> variant.equals(e.variant()));
    }

    /**
     * Asserts that one of the evaluations served the variant of a typed flag.
     *
     * @param variant the generated variant constant
     * @return this assertion
     */
    public EvaluationAssert withVariant(TypedVariant variant) {
        return withVariant(variant.variantName());
    }

    /**
     * Asserts that one of the evaluations returned the value.
     *
     * @param value the value the caller received
     * @return this assertion
     */
    public EvaluationAssert withValue(@Nullable Object value) {
        return matching("with value " + value, e -> Objects.equals(value, e.value()));
    }

    /**
     * Asserts that one of the evaluations had the reason.
     *
     * @param reason the reason
     * @return this assertion
     */
    public EvaluationAssert withReason(Reason reason) {
        return matching("with reason " + reason, e -> e.reason() == reason);
    }

    /**
     * Keeps only the evaluations for one targeting key; fails when there are none.
     *
     * @param targetingKey the user, for example {@code u1}
     * @return assertions on those evaluations
     */
    public EvaluationAssert forTargetingKey(String targetingKey) {
        List<RecordedEvaluation> kept = new ArrayList<>();
        for (RecordedEvaluation evaluation : actual) {
            if (targetingKey.equals(evaluation.context().targetingKey())) {
                kept.add(evaluation);
            }
        }
        if (kept.isEmpty()) {
            failWithMessage(
                    "%s",
                    "Expected flag '" + key + "' to be " + verb + " for '" + targetingKey + "', but it was " + verb
                            + " " + actual.size() + " time(s) for others: " + describe(actual));
        }
        return new EvaluationAssert(key, verb, kept);
    }

    /**
     * Asserts how many times the flag was evaluated (or exposed).
     *
     * @param expected the count
     * @return this assertion
     */
    public EvaluationAssert times(int expected) {
        if (actual.size() != expected) {
            failWithMessage(
                    "%s",
                    "Expected flag '" + key + "' to be " + verb + " " + expected + " time(s), but it was " + verb + " "
                            + actual.size() + " time(s): " + describe(actual));
        }
        return this;
    }

    private EvaluationAssert matching(String what, java.util.function.Predicate<RecordedEvaluation> test) {
        for (RecordedEvaluation evaluation : actual) {
            if (test.test(evaluation)) {
                return this;
            }
        }
        failWithMessage(
                "%s",
                "Expected flag '" + key + "' to be " + verb + " " + what + ", but it was " + verb + " " + actual.size()
                        + " time(s) with: " + describe(actual));
        return this;
    }

    static String describe(List<RecordedEvaluation> evaluations) {
        List<String> parts = new ArrayList<>();
        for (RecordedEvaluation evaluation : evaluations) {
            String value = evaluation.value() == null ? "" : ", value " + evaluation.value();
            parts.add(evaluation.describe().replaceFirst("\\)", value + ")"));
        }
        return String.join("; ", parts);
    }
}
