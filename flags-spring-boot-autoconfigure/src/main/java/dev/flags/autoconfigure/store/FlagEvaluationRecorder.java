package dev.flags.autoconfigure.store;

import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.HookContext;
import dev.flags.admin.EvaluationStatistics;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Remembers when each flag was last evaluated, for the stale-flag report. Only evaluations that
 * reached a defined flag are recorded (the {@code after} stage; unknown keys end in {@code error}),
 * so the map is bounded by the defined keys. Writes at most once a minute per flag to keep the hot
 * path cheap.
 */
final class FlagEvaluationRecorder implements EvaluationHook, EvaluationStatistics {

    private static final long RESOLUTION_MILLIS = 60_000;

    private final Clock clock;

    private final Instant since;

    private final ConcurrentMap<String, Long> lastEvaluated = new ConcurrentHashMap<>();

    FlagEvaluationRecorder(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Only the flag key and the outcome count: the shared context will do. */
    @Override
    public Interest interest(String flagKey) {
        return Interest.OUTCOME;
    }

    @Override
    public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
        if (details.errorCode() != null) {
            return;
        }
        long now = clock.millis();
        Long last = lastEvaluated.get(evaluation.flagKey());
        if (last == null || now - last >= RESOLUTION_MILLIS) {
            lastEvaluated.put(evaluation.flagKey(), now);
        }
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public @Nullable Instant lastEvaluated(String flagKey) {
        Long last = lastEvaluated.get(flagKey);
        return last == null ? null : Instant.ofEpochMilli(last);
    }
}
