package dev.flags;

import dev.flags.definition.VariantFunction;
import java.util.Map;
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
            long bucket = flag.bucket(context, total);
            if (bucket < 0) {
                return null;
            }
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
            long bucket = flag.bucket(context, SCALE);
            if (bucket < 0) {
                return null;
            }
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

    /**
     * A variant chosen by code on every call. Off the allocation-free path by nature; the results
     * for the variants it may name are still built ahead, so only failures allocate here.
     */
    static final class Computed extends CompiledServe {
        private final String source;
        private final VariantFunction function;
        private final Map<String, EvaluationDetails<Object>> results;

        Computed(String source, VariantFunction function, Map<String, EvaluationDetails<Object>> results) {
            this.source = source;
            this.function = function;
            this.results = results;
        }

        @Override
        @Nullable
        EvaluationDetails<Object> resolve(CompiledFlag flag, EvaluationContext context, Evaluator evaluator) {
            String variant;
            try {
                variant = function.variant(flag.key, context.targetingKey(), context.attributes(), evaluator.now());
            } catch (VariantFunction.Failure e) {
                return evaluator.failed(flag.key, ErrorCode.PARSE_ERROR, String.valueOf(e.getMessage()));
            }
            if (variant == null) {
                return null;
            }
            EvaluationDetails<Object> result = results.get(variant);
            if (result == null) {
                return evaluator.failed(
                        flag.key,
                        ErrorCode.GENERAL,
                        "targeting returned '" + variant + "', which is not a variant of flag '" + flag.key
                                + "' (variants: " + String.join(", ", results.keySet()) + ")");
            }
            return result;
        }

        @Override
        public String toString() {
            return source;
        }
    }
}
