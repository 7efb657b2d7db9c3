package dev.flags;

/** Why an evaluation returned what it did; the names match OpenFeature's reasons. */
public enum Reason {
    /** The flag has no targeting: everyone gets its one serve. */
    STATIC,
    /** An individual target or a rule serving a fixed variant matched. */
    TARGETING_MATCH,
    /** The context was bucketed into a variant of a distribution or rollout. */
    SPLIT,
    /** Nothing matched and the flag's default variant was served. */
    DEFAULT,
    /** The flag is off (status, environment, schedule window or unmet prerequisite). */
    DISABLED,
    /** The evaluation failed; the caller's default was returned and an {@link ErrorCode} says why. */
    ERROR
}
