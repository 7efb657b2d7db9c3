package dev.flags.admin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When flags were last evaluated, for the stale-flag report; the Spring starter feeds it from its
 * evaluation counters.
 */
public interface EvaluationStatistics {

    /**
     * When these statistics started counting, usually the application's start: a flag never
     * evaluated since then counts as unevaluated for that long.
     *
     * @return the start of counting
     */
    Instant since();

    /**
     * When a flag was last evaluated.
     *
     * @param flagKey the flag key
     * @return the last evaluation, or {@code null} when it was not evaluated since {@link #since()}
     */
    @Nullable
    Instant lastEvaluated(String flagKey);
}
