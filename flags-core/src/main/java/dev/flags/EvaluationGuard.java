package dev.flags;

import dev.flags.definition.FlagDefinition;

/**
 * Decides whether the current caller may evaluate a sensitive flag: one carrying the tag given to
 * {@link dev.flags.FlagManagerBuilder#guard}. Other flags never consult it, so evaluation of
 * ordinary flags is not permission-checked. A refused evaluation returns the caller's default with
 * reason {@code ERROR} and error code {@code GENERAL}; a guard that throws refuses too.
 * Prerequisite checks inside the engine do not consult it: they reveal nothing to the caller.
 */
@FunctionalInterface
public interface EvaluationGuard {

    /**
     * Whether the caller may evaluate the flag.
     *
     * @param flag the sensitive flag's definition (owner and tags, for scoped permissions)
     * @param context the evaluation context
     * @return whether to evaluate it
     */
    boolean permits(FlagDefinition flag, EvaluationContext context);
}
