package dev.flags;

import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.internal.Murmur3;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A flag ready to evaluate: references resolved to indexes and every outcome built ahead. */
final class CompiledFlag {

    final String key;
    final FlagType type;
    final FlagDefinition definition;
    final boolean on;
    final boolean archived;
    final boolean scheduled;
    final long activeFrom;
    final long activeUntil;
    final String @Nullable [] environments;
    final byte[] salt;
    /** The hash state after the salt, so bucketing hashes only the bucketing value. */
    final Murmur3.Prefix saltPrefix;

    final @Nullable String bucketBy;
    private final @Nullable CompiledAttribute bucketByAttribute;
    final @Nullable Map<String, EvaluationDetails<Object>> targets;
    final CompiledFlag[] prerequisites;
    final String[][] acceptedVariants;
    final CompiledRule[] rules;
    final @Nullable CompiledServe fallthrough;
    final EvaluationDetails<Object> defaultResult;
    final EvaluationDetails<Object> offByStatus;
    final EvaluationDetails<Object> offBySchedule;
    final EvaluationDetails<Object> offByEnvironment;
    final EvaluationDetails<Object>[] offByPrerequisite;
    final boolean experiment;
    final long experimentStart;
    final long experimentEnd;
    final @Nullable EvaluationDetails<Object> beforeExperiment;
    final @Nullable EvaluationDetails<Object> afterExperiment;
    /**
     * Whether evaluation may read the context: environments, prerequisites that read it, targets,
     * rules or a fallthrough that buckets. A flag that does not is served the same to everyone.
     */
    final boolean readsContext;
    /**
     * Whether evaluation may read the context's groups or environment: environments, the guard, a
     * condition or a segment's condition on either, bucketing by either, or a prerequisite that does.
     * A caller's own context type need not be converted with them otherwise.
     */
    final boolean readsGroupsOrEnvironment;
    /** Sensitive: evaluated only when the manager's {@link dev.flags.EvaluationGuard} permits. */
    final boolean guarded;
    /** Active, unscheduled, in every environment, no prerequisites, targets or experiment: straight to the rules. */
    final boolean plain;

    private final @Nullable HookContext[] hookContexts = new HookContext[FlagType.values().length + 1];

    CompiledFlag(
            FlagDefinition definition,
            byte[] salt,
            @Nullable Map<String, EvaluationDetails<Object>> targets,
            CompiledFlag[] prerequisites,
            String[][] acceptedVariants,
            CompiledRule[] rules,
            @Nullable CompiledServe fallthrough,
            EvaluationDetails<Object> defaultResult,
            EvaluationDetails<Object> offByStatus,
            EvaluationDetails<Object> offBySchedule,
            EvaluationDetails<Object> offByEnvironment,
            EvaluationDetails<Object>[] offByPrerequisite,
            @Nullable EvaluationDetails<Object> beforeExperiment,
            @Nullable EvaluationDetails<Object> afterExperiment,
            boolean guarded) {
        this.key = definition.key();
        this.type = definition.type();
        this.definition = definition;
        FlagStatus status = definition.status();
        this.on = status == FlagStatus.ACTIVE || status == FlagStatus.SCHEDULED;
        this.archived = status == FlagStatus.ARCHIVED;
        this.scheduled = status == FlagStatus.SCHEDULED;
        this.activeFrom = definition.activeFrom() == null
                ? Long.MIN_VALUE
                : definition.activeFrom().toEpochMilli();
        this.activeUntil = definition.activeUntil() == null
                ? Long.MAX_VALUE
                : definition.activeUntil().toEpochMilli();
        this.environments = definition.environments().isEmpty()
                ? null
                : definition.environments().toArray(String[]::new);
        this.salt = salt;
        this.saltPrefix = Murmur3.prefix(salt);
        this.bucketBy = definition.bucketBy();
        this.bucketByAttribute = bucketBy == null ? null : new CompiledAttribute(bucketBy);
        this.targets = targets;
        this.prerequisites = prerequisites;
        this.acceptedVariants = acceptedVariants;
        this.rules = rules;
        this.fallthrough = fallthrough;
        this.defaultResult = defaultResult;
        this.offByStatus = offByStatus;
        this.offBySchedule = offBySchedule;
        this.offByEnvironment = offByEnvironment;
        this.offByPrerequisite = offByPrerequisite;
        Experiment window = definition.experiment();
        this.experiment = window != null;
        this.experimentStart = window != null ? window.start().toEpochMilli() : Long.MIN_VALUE;
        this.experimentEnd = window != null ? window.end().toEpochMilli() : Long.MAX_VALUE;
        this.beforeExperiment = beforeExperiment;
        this.afterExperiment = afterExperiment;
        this.guarded = guarded;
        boolean reads = guarded // the guard may read the context
                || environments != null
                || targets != null
                || rules.length > 0
                || (fallthrough != null && !(fallthrough instanceof CompiledServe.Fixed));
        for (CompiledFlag prerequisite : prerequisites) {
            reads |= prerequisite.readsContext;
        }
        this.readsContext = reads;
        this.readsGroupsOrEnvironment = readsGroupsOrEnvironment();
        this.plain = on
                && !scheduled
                && this.environments == null
                && prerequisites.length == 0
                && targets == null
                && !experiment; // an experiment checks its window before the rules
    }

    /** Computes {@link #readsGroupsOrEnvironment} from the fields set before it. */
    private boolean readsGroupsOrEnvironment() {
        if (guarded // the guard may read the whole context
                || environments != null
                || (bucketByAttribute != null && bucketByAttribute.readsGroupsOrEnvironment())) {
            return true;
        }
        for (CompiledFlag prerequisite : prerequisites) {
            if (prerequisite.readsGroupsOrEnvironment) {
                return true;
            }
        }
        Set<CompiledSegment> visited = new HashSet<>();
        for (CompiledRule rule : rules) {
            for (CompiledCondition condition : rule.conditions) {
                if (condition.readsGroupsOrEnvironment(visited)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The {@link HookContext} hooks are given for evaluations of this flag as {@code type}
     * ({@code null}: untyped) when none of them wants the inputs, built on first use; see
     * {@link EvaluationHook.Interest#OUTCOME}.
     */
    HookContext hookContext(@Nullable FlagType asked) {
        int slot = asked == null ? 0 : asked.ordinal() + 1;
        HookContext kept = hookContexts[slot];
        if (kept == null) {
            // a race builds equal records; a record's final fields make either one safe to share
            kept = new HookContext(key, asked, null, EvaluationContext.EMPTY);
            hookContexts[slot] = kept;
        }
        return kept;
    }

    /**
     * The context's bucket among {@code count} buckets, or -1 when it has no bucketing value.
     * Allocation-free when the value is a string attribute or the targeting key.
     */
    long bucket(EvaluationContext context, long count) {
        String value = bucketingValue(context);
        return value == null ? -1 : Murmur3.bucket(Murmur3.hash(saltPrefix, value), count);
    }

    /**
     * The value distributions bucket by: the targeting key or the {@code bucket-by} attribute (a
     * path into nested maps when dotted). An empty targeting key is no bucketing value, as in flagd; an
     * empty attribute is hashed as it is.
     */
    @Nullable
    String bucketingValue(EvaluationContext context) {
        CompiledAttribute attribute = bucketByAttribute;
        if (attribute == null) {
            String key = context.targetingKey();
            return key == null || key.isEmpty() ? null : key;
        }
        Object value = attribute.get(context);
        if (value instanceof String s) {
            return s;
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    /** A rule, compiled. */
    static final class CompiledRule {
        final String id;
        final CompiledCondition[] conditions;
        final CompiledServe serve;

        CompiledRule(String id, CompiledCondition[] conditions, CompiledServe serve) {
            this.id = id;
            this.conditions = conditions;
            this.serve = serve;
        }
    }
}
