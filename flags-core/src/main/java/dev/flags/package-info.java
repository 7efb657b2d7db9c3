/**
 * The application-facing API: {@link dev.flags.FlagManager}, {@link dev.flags.EvaluationContext}
 * and {@link dev.flags.EvaluationDetails}.
 */
@NullMarked
package dev.flags;

import org.jspecify.annotations.NullMarked;
