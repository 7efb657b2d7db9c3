package dev.flags.spi;

import static java.util.Objects.requireNonNull;

import dev.flags.Reason;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An exposure: a variant that an experiment assigned was used for a subject.
 *
 * @param flagKey the experiment's flag
 * @param variant the variant served
 * @param targetingKey whose exposure it is
 * @param time when it was recorded
 * @param reason why the variant was served ({@link Reason#SPLIT} for exposures the experiments
 *     component records)
 * @param ruleId the id of the rule whose distribution assigned it, or {@code null} for the
 *     fallthrough
 */
public record ExposureEvent(
        String flagKey,
        String variant,
        String targetingKey,
        Instant time,
        Reason reason,
        @Nullable String ruleId) {

    /** Checks the components. */
    public ExposureEvent {
        requireNonNull(flagKey, "flagKey");
        requireNonNull(variant, "variant");
        requireNonNull(targetingKey, "targetingKey");
        requireNonNull(time, "time");
        requireNonNull(reason, "reason");
    }
}
