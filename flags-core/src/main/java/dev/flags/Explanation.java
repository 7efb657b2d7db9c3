package dev.flags;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why a flag evaluates as it does for one context, for operators debugging targeting: the outcome,
 * where the context fell in the distribution that decided it, and the prerequisite chain.
 *
 * @param details the outcome, as {@link FlagManager#evaluate(String, EvaluationContext)} returns it
 * @param bucketingValue the value hashed for bucketing (targeting key or {@code bucket-by}
 *     attribute), when a distribution or rollout decided the outcome
 * @param bucket the context's bucket, from 0 to {@code bucketCount - 1}, when one decided it
 * @param bucketCount the number of buckets (the distribution's total weight, or 100000 for a
 *     progressive rollout), when one decided it
 * @param prerequisites how each prerequisite evaluated, in order, up to the first unmet one
 */
public record Explanation(
        EvaluationDetails<Object> details,
        @Nullable String bucketingValue,
        @Nullable Long bucket,
        @Nullable Long bucketCount,
        List<PrerequisiteCheck> prerequisites) {

    /** Copies the components. */
    public Explanation {
        prerequisites = List.copyOf(prerequisites);
    }

    /**
     * One prerequisite's evaluation.
     *
     * @param flag the prerequisite flag's key
     * @param requiredVariants the variants that satisfy it
     * @param met whether it was satisfied
     * @param explanation how it evaluated
     */
    public record PrerequisiteCheck(String flag, List<String> requiredVariants, boolean met, Explanation explanation) {
        /** Copies the components. */
        public PrerequisiteCheck {
            requiredVariants = List.copyOf(requiredVariants);
        }
    }
}
