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
     * Whether this hook runs around the evaluation that is starting now on this thread. Asked before
     * every evaluation, so it must be cheap and allocate nothing: a hook that records only inside a
     * trace answers whether a span is current. When no registered hook is active, the evaluation
     * runs as if none were registered and allocates nothing for hooks. A hook that throws here is
     * taken as active.
     *
     * @return {@code true}, the default, to run {@link #before} and then {@link #after} or
     *     {@link #error} for this evaluation
     */
    default boolean isActive() {
        return true;
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
     * Whether this hook reads the evaluation's {@link HookContext#context() context} or
     * {@link HookContext#defaultValue() default value}. A hook that reads only the flag key, the type,
     * the outcome and its own data (metrics, for example) returns {@code false}; while no registered
     * hook returns {@code true}, the manager may hand the hooks one {@link HookContext} it keeps for
     * each flag and type, holding {@link EvaluationContext#EMPTY} and no default, so that an
     * evaluation with hooks allocates nothing.
     *
     * @return {@code true} (the default) when this hook needs the context and default of each call
     */
    default boolean readsInputs() {
        return true;
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
}
