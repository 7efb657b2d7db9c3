package dev.flags;

/**
 * Runs around evaluations, for metrics, logging or exposure tracking. Hooks run on the evaluating
 * thread, so keep them short; a hook that throws is logged (rate limited) and never breaks the
 * evaluation. Hooks run only for evaluations of a single flag, including those of a memo's first
 * call, not for each later call answered from the memo.
 */
public interface EvaluationHook {

    /**
     * Before the flag is evaluated.
     *
     * @param evaluation what is being evaluated
     */
    default void before(HookContext evaluation) {}

    /**
     * After a successful evaluation (any reason but {@link Reason#ERROR}).
     *
     * @param evaluation what was evaluated
     * @param details the outcome
     */
    default void after(HookContext evaluation, EvaluationDetails<?> details) {}

    /**
     * After a failed evaluation ({@link Reason#ERROR}).
     *
     * @param evaluation what was evaluated
     * @param details the outcome, with its error code and message
     */
    default void error(HookContext evaluation, EvaluationDetails<?> details) {}
}
