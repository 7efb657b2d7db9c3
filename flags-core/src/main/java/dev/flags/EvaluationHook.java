package dev.flags;

import org.jspecify.annotations.Nullable;

/**
 * Runs around evaluations, for metrics, logging or exposure tracking. Hooks run on the evaluating
 * thread, so keep them short; a hook that throws is logged (rate limited) and never breaks the
 * evaluation. Hooks run only for evaluations of a single flag, including those of a memo's first
 * call, not for each later call answered from the memo.
 *
 * <p>What a hook needs to carry from {@link #before} to {@link #after} or {@link #error} of the
 * same evaluation, such as a start time, it returns from {@code before} and receives back as
 * {@code data}. The data belongs to that one evaluation: an evaluation nested inside a hook,
 * another thread's evaluation, or one continued on another thread never sees it, so a hook needs
 * no {@code ThreadLocal}.
 *
 * <pre>{@code
 * class Timing implements EvaluationHook {
 *     public Object before(HookContext evaluation) {
 *         return System.nanoTime();
 *     }
 *
 *     public void after(HookContext evaluation, EvaluationDetails<?> details, Object data) {
 *         record(evaluation.flagKey(), System.nanoTime() - (Long) data);
 *     }
 * }
 * }</pre>
 */
public interface EvaluationHook {

    /**
     * How much of the evaluation of {@code flagKey} that is starting now on this thread this hook wants
     * to see. Asked once per hook before every evaluation, so it must be cheap and allocate nothing:
     * a hook that records only inside a trace answers whether a span is current, one that tracks some
     * flags only looks the key up. A hook that throws here is taken as wanting {@link Interest#INPUTS}.
     *
     * <p>When no registered hook wants an evaluation, it runs as if none were registered; when none
     * wants more than {@link Interest#OUTCOME}, the hooks share one {@link HookContext} the manager
     * keeps for each flag and type, and the evaluation allocates nothing for them.
     *
     * @param flagKey the key about to be evaluated
     * @return {@link Interest#INPUTS} by default
     */
    default Interest interest(String flagKey) {
        return Interest.INPUTS;
    }

    /**
     * Before the flag is evaluated.
     *
     * @param evaluation what is being evaluated
     * @return data for this hook's {@code after} or {@code error} of the same evaluation, or
     *     {@code null} for none
     */
    default @Nullable Object before(HookContext evaluation) {
        return null;
    }

    /**
     * After a successful evaluation (any reason but {@link Reason#ERROR}).
     *
     * @param evaluation what was evaluated
     * @param details the outcome
     * @param data what this hook's {@code before} returned for this evaluation; {@code null} when it
     *     returned nothing or failed
     */
    default void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {}

    /**
     * After a failed evaluation ({@link Reason#ERROR}).
     *
     * @param evaluation what was evaluated
     * @param details the outcome, with its error code and message
     * @param data what this hook's {@code before} returned for this evaluation; {@code null} when it
     *     returned nothing or failed
     */
    default void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {}

    /** What a hook sees of one evaluation; see {@link EvaluationHook#interest(String)}. */
    enum Interest {
        /** Nothing: neither {@code before} nor {@code after} or {@code error} runs for this evaluation. */
        NONE,
        /**
         * The flag key, the type asked for, the outcome and the hook's own data. The
         * {@link HookContext} may hold {@link EvaluationContext#EMPTY} and no default instead of the
         * caller's.
         */
        OUTCOME,
        /** All of it, the caller's {@link HookContext#context() context} and default included. */
        INPUTS
    }
}
