package dev.flags;

import dev.flags.definition.FlagType;
import org.jspecify.annotations.Nullable;

/**
 * What a hook is told about an evaluation.
 *
 * @param flagKey the key evaluated
 * @param type the type asked for, or {@code null} for an untyped {@link FlagManager#evaluate}
 * @param defaultValue the caller's default, or {@code null} when there is none
 * @param context who the flag is evaluated for
 */
public record HookContext(
        String flagKey, @Nullable FlagType type, @Nullable Object defaultValue, EvaluationContext context) {}
