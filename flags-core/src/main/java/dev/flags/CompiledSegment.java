package dev.flags;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A segment, compiled: key sets and rules of compiled conditions. */
final class CompiledSegment {

    private final Set<String> included;
    private final Set<String> excluded;
    // Filled after construction so that segments may refer to each other (cycles are rejected earlier).
    CompiledCondition[][] rules = new CompiledCondition[0][];

    CompiledSegment(Set<String> included, Set<String> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    /** Whether a rule of this segment, or of a segment it refers to, reads the groups or the environment. */
    boolean readsGroupsOrEnvironment(Set<CompiledSegment> visited) {
        if (!visited.add(this)) {
            return false;
        }
        for (CompiledCondition[] rule : rules) {
            for (CompiledCondition condition : rule) {
                if (condition.readsGroupsOrEnvironment(visited)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean contains(EvaluationContext context, @Nullable String environment) {
        String key = context.targetingKey();
        if (key != null) {
            if (excluded.contains(key)) {
                return false;
            }
            if (included.contains(key)) {
                return true;
            }
        }
        for (CompiledCondition[] rule : rules) {
            if (Evaluator.allMatch(rule, context, environment)) {
                return true;
            }
        }
        return false;
    }
}
