package dev.flags;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reconstructs why a compiled flag evaluated as it did. Off the hot path: it may allocate freely,
 * and it re-derives the bucket from the serve the outcome names rather than instrumenting
 * {@link Evaluator}.
 */
final class Explainer {

    private Explainer() {}

    static Explanation explain(
            CompiledFlag flag, EvaluationContext context, EvaluationDetails<Object> details, Evaluator evaluator) {
        List<Explanation.PrerequisiteCheck> checks = new ArrayList<>();
        for (int i = 0; i < flag.prerequisites.length; i++) {
            CompiledFlag prerequisite = flag.prerequisites[i];
            EvaluationDetails<Object> outcome = evaluator.evaluate(prerequisite, context);
            List<String> required = Arrays.asList(flag.acceptedVariants[i]);
            boolean met = outcome.variant() != null && required.contains(outcome.variant());
            checks.add(new Explanation.PrerequisiteCheck(
                    prerequisite.key, required, met, explain(prerequisite, context, outcome, evaluator)));
            if (!met) {
                break;
            }
        }
        CompiledServe serve = decidingServe(flag, details, evaluator.now());
        if (serve == null
                || serve.bucketCount() == 0
                || (details.reason() != Reason.SPLIT && details.reason() != Reason.TARGETING_MATCH)) {
            return new Explanation(details, null, null, null, checks);
        }
        String value = flag.bucketingValue(context);
        if (value == null) {
            return new Explanation(details, null, null, null, checks);
        }
        long count = serve.bucketCount();
        return new Explanation(details, value, flag.bucket(context, count), count, checks);
    }

    private static @Nullable CompiledServe decidingServe(
            CompiledFlag flag, EvaluationDetails<Object> details, long now) {
        CompiledServe serve = null;
        if (details.ruleId() != null) {
            for (CompiledFlag.CompiledRule rule : flag.rules) {
                if (rule.id.equals(details.ruleId())) {
                    serve = rule.serve;
                }
            }
        } else {
            serve = flag.fallthrough;
        }
        return serve == null ? null : serve.active(now);
    }
}
