package dev.flags;

import dev.flags.internal.Murmur3;
import org.jspecify.annotations.Nullable;

/**
 * A serve, compiled for one rule or the fallthrough. Each outcome is a result built ahead of time,
 * so resolving returns a shared object. {@code null} means the serve does not apply: no bucketing
 * value, or a schedule that has not started.
 */
abstract sealed class CompiledServe {

    abstract @Nullable EvaluationDetails<Object> resolve(
            CompiledFlag flag, EvaluationContext context, Evaluator evaluator);

    /**
     * The serve that decides at this instant: a step of a schedule, else this one; {@code null}
     * when a schedule has not started and has no initial serve.
     */
    @Nullable
    CompiledServe active(long now) {
        return this;
    }

    /** The number of buckets this serve distributes over, or 0 when it does not bucket. */
    long bucketCount() {
        return 0;
    }

    /** Whether the outcome depends on the time. */
    boolean timed() {
        return false;
    }

    static final class Fixed extends CompiledServe {
        private final EvaluationDetails<Object> result;

        Fixed(EvaluationDetails<Object> result) {
            this.result = result;
        }

        @Override
        EvaluationDetails<Object> resolve(CompiledFlag flag, EvaluationContext context, Evaluator evaluator) {
            return result;
        }
    }

    /** Weights of any total; the first variant whose running total exceeds the bucket wins. */
    static final class Split extends CompiledServe {
        private final long[] runningTotals;
        private final EvaluationDetails<Object>[] results;
        private final long total;

        Split(long[] runningTotals, EvaluationDetails<Object>[] results) {
            this.runningTotals = runningTotals;
            this.results = results;
            this.total = runningTotals[runningTotals.length - 1];
        }

        @Override
        long bucketCount() {
            return total;
        }

        @Override
        @Nullable
        EvaluationDetails<Object> resolve(CompiledFlag flag, EvaluationContext context, Evaluator evaluator) {
            String value = flag.bucketingValue(context);
            if (value == null) {
                return null;
            }
            long bucket = Murmur3.bucket(Murmur3.hash(flag.saltPrefix, value), total);
            for (int i = 0; i < runningTotals.length; i++) {
                if (runningTotals[i] > bucket) {
                    return results[i];
                }
            }
            return results[results.length - 1]; // unreachable: bucket < total
        }
    }

    /** A share of one variant growing linearly between two instants, in steps of 0.001%. */
    static final class Progressive extends CompiledServe {
        static final long SCALE = 100_000;
        private final long start;
        private final long end;
        private final long fromShare;
        private final long toShare;
        private final EvaluationDetails<Object> rolledOut;
        private final EvaluationDetails<Object> otherwise;

        Progressive(
                long start,
                long end,
                long fromShare,
                long toShare,
                EvaluationDetails<Object> rolledOut,
                EvaluationDetails<Object> otherwise) {
            this.start = start;
            this.end = end;
            this.fromShare = fromShare;
            this.toShare = toShare;
            this.rolledOut = rolledOut;
            this.otherwise = otherwise;
        }

        @Override
        long bucketCount() {
            return SCALE;
        }

        long shareAt(long now) {
            if (now <= start) {
                return fromShare;
            }
            if (now >= end) {
                return toShare;
            }
            return fromShare + Math.round((toShare - fromShare) * ((double) (now - start) / (end - start)));
        }

        @Override
        @Nullable
        EvaluationDetails<Object> resolve(CompiledFlag flag, EvaluationContext context, Evaluator evaluator) {
            String value = flag.bucketingValue(context);
            if (value == null) {
                return null;
            }
            long bucket = Murmur3.bucket(Murmur3.hash(flag.saltPrefix, value), SCALE);
            return bucket < shareAt(evaluator.now()) ? rolledOut : otherwise;
        }

        @Override
        boolean timed() {
            return true;
        }
    }

    /** The latest step whose instant has passed, else the initial serve, else nothing. */
    static final class Scheduled extends CompiledServe {
        private final @Nullable CompiledServe initial;
        private final long[] at;
        private final CompiledServe[] steps;

        Scheduled(@Nullable CompiledServe initial, long[] at, CompiledServe[] steps) {
            this.initial = initial;
            this.at = at;
            this.steps = steps;
        }

        @Override
        @Nullable
        CompiledServe active(long now) {
            for (int i = at.length - 1; i >= 0; i--) {
                if (now >= at[i]) {
                    return steps[i];
                }
            }
            return initial == null ? null : initial.active(now);
        }

        @Override
        @Nullable
        EvaluationDetails<Object> resolve(CompiledFlag flag, EvaluationContext context, Evaluator evaluator) {
            long now = evaluator.now();
            for (int i = at.length - 1; i >= 0; i--) {
                if (now >= at[i]) {
                    return steps[i].resolve(flag, context, evaluator);
                }
            }
            return initial == null ? null : initial.resolve(flag, context, evaluator);
        }

        @Override
        boolean timed() {
            return true;
        }
    }
}
