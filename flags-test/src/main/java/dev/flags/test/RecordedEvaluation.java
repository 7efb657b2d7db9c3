package dev.flags.test;

import static java.util.Objects.requireNonNull;

import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.Reason;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation a {@link TestFlags}-wrapped manager answered during the current test, overridden or
 * not; {@link FlagsAssertions} asserts on them.
 *
 * @param key the flag key
 * @param variant the variant served, or {@code null} when none was
 * @param value the value returned to the caller
 * @param reason why
 * @param errorCode the error, or {@code null}
 * @param context who the flag was evaluated for
 * @param experiment whether the flag is an experiment in the manager's definitions, so that a
 *     served variant is an exposure
 */
public record RecordedEvaluation(
        String key,
        @Nullable String variant,
        @Nullable Object value,
        Reason reason,
        @Nullable ErrorCode errorCode,
        EvaluationContext context,
        boolean experiment) {

    /** Checks the components. */
    public RecordedEvaluation {
        requireNonNull(key, "key");
        requireNonNull(reason, "reason");
        requireNonNull(context, "context");
    }

    static RecordedEvaluation of(EvaluationDetails<?> details, EvaluationContext context, boolean experiment) {
        return new RecordedEvaluation(
                details.flagKey(),
                details.variant(),
                details.value(),
                details.reason(),
                details.errorCode(),
                context,
                experiment);
    }

    /**
     * Whether this evaluation exposed the caller to an experiment: the flag is one, and a variant
     * was served without error.
     *
     * @return whether it is an exposure
     */
    public boolean exposure() {
        return experiment && variant != null && reason != Reason.ERROR;
    }

    /** The evaluation in a failure message: {@code 'discount' (reason SPLIT) for 'u1'}. */
    String describe() {
        String served = variant == null ? "no variant" : "'" + variant + "'";
        String why = errorCode == null ? "reason " + reason : "error " + errorCode;
        String targetingKey = context.targetingKey();
        String who = targetingKey == null || targetingKey.isEmpty() ? "the empty context" : "'" + targetingKey + "'";
        return served + " (" + why + ") for " + who;
    }
}
