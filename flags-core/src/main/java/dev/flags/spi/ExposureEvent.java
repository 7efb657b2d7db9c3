package dev.flags.spi;

import static java.util.Objects.requireNonNull;

import dev.flags.Reason;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param covariates the numeric context attributes the experiment's metrics name as covariates,
 *     read at exposure (CUPED); empty when they name none or the context has none of them
 */
public record ExposureEvent(
        String flagKey,
        String variant,
        String targetingKey,
        Instant time,
        Reason reason,
        @Nullable String ruleId,
        Map<String, Double> covariates) {

    /** Checks and copies the components. */
    public ExposureEvent {
        requireNonNull(flagKey, "flagKey");
        requireNonNull(variant, "variant");
        requireNonNull(targetingKey, "targetingKey");
        requireNonNull(time, "time");
        requireNonNull(reason, "reason");
        covariates = Collections.unmodifiableMap(new LinkedHashMap<>(covariates));
    }

    /**
     * An exposure without covariates.
     *
     * @param flagKey the experiment's flag
     * @param variant the variant served
     * @param targetingKey whose exposure it is
     * @param time when it was recorded
     * @param reason why the variant was served
     * @param ruleId the id of the assigning rule, {@code null} for the fallthrough
     */
    public ExposureEvent(
            String flagKey, String variant, String targetingKey, Instant time, Reason reason, @Nullable String ruleId) {
        this(flagKey, variant, targetingKey, time, reason, ruleId, Map.of());
    }
}
