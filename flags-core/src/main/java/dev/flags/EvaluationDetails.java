package dev.flags;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The full outcome of evaluating one flag.
 *
 * @param <T> the value type
 * @param flagKey the key evaluated
 * @param value the value served: the variant's value, or the caller's default when no variant was
 *     served ({@code null} in bulk evaluations, which have no caller's default)
 * @param variant the variant served, or {@code null} when the caller's default was returned
 * @param reason why this value
 * @param errorCode what failed, when the reason is {@link Reason#ERROR}
 * @param detail the error message for {@link Reason#ERROR}; what turned the flag off for
 *     {@link Reason#DISABLED}, for example {@code prerequisite 'payments' not met}
 * @param ruleId the id of the matched rule, {@code targets} for an individual target, or
 *     {@code null}
 * @param flagMetadata the flag's metadata: its {@code metadata} entries plus {@code owner},
 *     {@code tags} and {@code description} where set, and {@code status} unless it is
 *     {@code active}
 */
public record EvaluationDetails<T>(
        String flagKey,
        @Nullable T value,
        @Nullable String variant,
        Reason reason,
        @Nullable ErrorCode errorCode,
        @Nullable String detail,
        @Nullable String ruleId,
        Map<String, Object> flagMetadata) {

    /** Checks and copies the components. */
    public EvaluationDetails {
        requireNonNull(flagKey, "flagKey");
        requireNonNull(reason, "reason");
        flagMetadata = Map.copyOf(flagMetadata);
    }

    /**
     * A failed evaluation.
     *
     * @param <T> the value type
     * @param flagKey the key evaluated
     * @param defaultValue the caller's default, returned as the value
     * @param errorCode what failed
     * @param message what happened
     * @return the details
     */
    public static <T> EvaluationDetails<T> error(
            String flagKey, @Nullable T defaultValue, ErrorCode errorCode, String message) {
        return new EvaluationDetails<>(flagKey, defaultValue, null, Reason.ERROR, errorCode, message, null, Map.of());
    }

    /** Whether the evaluation failed. */
    public boolean isError() {
        return reason == Reason.ERROR;
    }

    /** The error message, when the evaluation failed. */
    public @Nullable String errorMessage() {
        return reason == Reason.ERROR ? detail : null;
    }

    /** These details with another value, as when the caller's default replaces a missing variant. */
    public <U> EvaluationDetails<U> withValue(@Nullable U newValue) {
        return new EvaluationDetails<>(flagKey, newValue, variant, reason, errorCode, detail, ruleId, flagMetadata);
    }
}
