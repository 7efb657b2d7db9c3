package dev.flags;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates compiled flags. Rules of this hot path, which every request walks:
 *
 * <ul>
 *   <li>Work only on the compiled snapshot; everything that can be decided when flags load
 *       (variant lookups, regexes, dates, versions, results) was decided then.
 *   <li>Allocate nothing on the way to a result: indexed loops, no streams, lambdas, iterators over
 *       our own arrays, boxing or per-call maps. Return the pre-built results.
 *   <li>Take no lock; the snapshot is immutable and read once per call.
 *   <li>Ask the clock only when a flag depends on time.
 *   <li>Throw nothing on purpose; the single broad catch is in {@link Engine}.
 * </ul>
 *
 * Evaluation order, first decision wins: status and schedule window, environment, prerequisites,
 * experiment window (outside it: the control variant), individual targets, rules in order,
 * fallthrough, default variant.
 */
final class Evaluator {

    private static final Logger log = LoggerFactory.getLogger(FlagManager.class);

    private final Clock clock;
    private final @Nullable String environment;
    private final RateLimitedLog rateLimitedLog;
    private final Map<String, LongAdder> archivedEvaluations = new ConcurrentHashMap<>();

    Evaluator(Clock clock, @Nullable String environment, RateLimitedLog rateLimitedLog) {
        this.clock = clock;
        this.environment = environment;
        this.rateLimitedLog = rateLimitedLog;
    }

    long now() {
        return clock.millis();
    }

    Map<String, LongAdder> archivedEvaluations() {
        return archivedEvaluations;
    }

    EvaluationDetails<Object> evaluate(CompiledFlag flag, EvaluationContext context) {
        String env = context.environment() != null ? context.environment() : environment;
        if (!flag.plain) {
            EvaluationDetails<Object> decided = beforeRules(flag, context, env);
            if (decided != null) {
                return decided;
            }
        }
        CompiledFlag.CompiledRule[] rules = flag.rules;
        for (int i = 0; i < rules.length; i++) {
            if (allMatch(rules[i].conditions, context, env)) {
                EvaluationDetails<Object> served = rules[i].serve.resolve(flag, context, this);
                if (served != null) {
                    return served;
                }
            }
        }
        if (flag.fallthrough != null) {
            EvaluationDetails<Object> served = flag.fallthrough.resolve(flag, context, this);
            if (served != null) {
                return served;
            }
        }
        return flag.defaultResult;
    }

    /** Status, schedule, environment, prerequisites and targets: the outcome if one decides, else {@code null}. */
    private @Nullable EvaluationDetails<Object> beforeRules(
            CompiledFlag flag, EvaluationContext context, @Nullable String env) {
        if (!flag.on) {
            if (flag.archived) {
                recordArchivedUse(flag.key);
            }
            return flag.offByStatus;
        }
        if (flag.scheduled) {
            long now = now();
            if (now < flag.activeFrom || now >= flag.activeUntil) {
                return flag.offBySchedule;
            }
        }
        if (flag.environments != null && !contains(flag.environments, env)) {
            return flag.offByEnvironment;
        }
        CompiledFlag[] prerequisites = flag.prerequisites;
        for (int i = 0; i < prerequisites.length; i++) {
            String served = evaluate(prerequisites[i], context).variant();
            if (served == null || !contains(flag.acceptedVariants[i], served)) {
                return flag.offByPrerequisite[i];
            }
        }
        if (flag.experiment) {
            long now = now();
            if (now < flag.experimentStart) {
                return flag.beforeExperiment;
            }
            if (now >= flag.experimentEnd) {
                return flag.afterExperiment;
            }
        }
        if (flag.targets != null) {
            String targetingKey = context.targetingKey();
            if (targetingKey != null) {
                EvaluationDetails<Object> targeted = flag.targets.get(targetingKey);
                if (targeted != null) {
                    return targeted;
                }
            }
        }
        return null;
    }

    static boolean allMatch(CompiledCondition[] conditions, EvaluationContext context, @Nullable String environment) {
        for (int i = 0; i < conditions.length; i++) {
            if (!conditions[i].matches(context, environment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(String[] values, @Nullable String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failed evaluation of a computed serve, logged now and then: the fault is in the definitions
     * and repeats on every call until they change.
     */
    EvaluationDetails<Object> failed(String key, ErrorCode code, String message) {
        if (rateLimitedLog.permits(key + "/" + code)) {
            log.warn("Flag '{}': {} ({}); returning the caller's default", key, message, code);
        }
        return EvaluationDetails.error(key, null, code, message);
    }

    /** Code that still asks for an archived flag is a cleanup candidate: count it and say so now and then. */
    private void recordArchivedUse(String key) {
        archivedEvaluations.computeIfAbsent(key, unused -> new LongAdder()).increment();
        if (rateLimitedLog.permits(key + "/archived")) {
            log.warn("Flag '{}' is archived but still evaluated; remove the code that asks for it", key);
        }
    }
}
