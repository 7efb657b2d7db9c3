package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns validated definitions into a {@link Snapshot}: segments and prerequisites resolved to
 * objects, conditions compiled, and every result an evaluation can return built once here.
 *
 * <p>A reload compiles only what changed: a flag whose definition equals the one in the previous
 * snapshot, and whose prerequisites were all kept too, keeps its compiled form, as long as no
 * segment changed (a segment change compiles everything again, since a flag's conditions hold the
 * compiled segments). A compiled flag depends on nothing else, so the result answers as a
 * compilation from scratch would; what is left for an unchanged flag is comparing its definition.
 */
final class SnapshotCompiler {

    static final String TARGETS_RULE_ID = "targets";

    private final Definitions definitions;
    private final @Nullable String sensitiveTag;
    /** The snapshot whose compiled flags may be kept, or null to compile everything. */
    private final @Nullable Snapshot previous;

    private final Map<String, CompiledSegment> segments = new HashMap<>();
    private final Map<String, CompiledFlag> compiled = new HashMap<>();

    private SnapshotCompiler(Definitions definitions, @Nullable String sensitiveTag, @Nullable Snapshot previous) {
        this.definitions = definitions;
        this.sensitiveTag = sensitiveTag;
        this.previous = previous;
    }

    /**
     * Compiles definitions that {@link Definitions#validate()} found valid; invalid ones fail here
     * with a runtime exception.
     */
    static Snapshot compile(Definitions definitions) {
        return compile(definitions, null);
    }

    /** Compiles, marking flags tagged {@code sensitiveTag} as guarded. */
    static Snapshot compile(Definitions definitions, @Nullable String sensitiveTag) {
        return new SnapshotCompiler(definitions, sensitiveTag, null).compile();
    }

    /**
     * Compiles a reload, keeping the compiled flags of {@code previous} that did not change; {@code
     * previous} must have been compiled with the same {@code sensitiveTag}.
     */
    static Snapshot recompile(Definitions definitions, @Nullable String sensitiveTag, Snapshot previous) {
        boolean sameSegments = definitions.segments().equals(previous.definitions.segments());
        return new SnapshotCompiler(definitions, sensitiveTag, sameSegments ? previous : null).compile();
    }

    private Snapshot compile() {
        if (previous != null) {
            segments.putAll(previous.segments);
        } else {
            compileSegments();
        }
        CompiledFlag[] flags = new CompiledFlag[definitions.flags().size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = flag(definitions.flags().get(i));
        }
        return new Snapshot(definitions, flags, Map.copyOf(segments));
    }

    private void compileSegments() {
        for (SegmentDefinition segment : definitions.segments()) {
            segments.put(
                    segment.key(), new CompiledSegment(Set.copyOf(segment.included()), Set.copyOf(segment.excluded())));
        }
        for (SegmentDefinition segment : definitions.segments()) {
            CompiledCondition[][] rules = new CompiledCondition[segment.rules().size()][];
            for (int i = 0; i < rules.length; i++) {
                rules[i] = conditions(segment.rules().get(i));
            }
            requireNonNull(segments.get(segment.key()), "compiled segment").rules = rules;
        }
    }

    /**
     * The previous snapshot's compiled form of this flag, when its definition is the same and each of
     * its prerequisites (compiled first here) is the very object the kept form points to.
     */
    private @Nullable CompiledFlag kept(FlagDefinition flag) {
        CompiledFlag before = previous == null ? null : previous.flag(flag.key());
        if (before == null || (before.definition != flag && !before.definition.equals(flag))) {
            return null;
        }
        for (int i = 0; i < before.prerequisites.length; i++) {
            String key = flag.prerequisites().get(i).flag();
            if (flag(requireNonNull(definitions.flag(key), "prerequisite flag")) != before.prerequisites[i]) {
                return null;
            }
        }
        return before;
    }

    /** Compiles a flag after its prerequisites, which validation guarantees are acyclic. */
    private CompiledFlag flag(FlagDefinition flag) {
        CompiledFlag done = compiled.get(flag.key());
        if (done != null) {
            return done;
        }
        CompiledFlag kept = kept(flag);
        if (kept != null) {
            compiled.put(flag.key(), kept);
            return kept;
        }
        Map<String, Object> metadata = metadata(flag);
        boolean isStatic = flag.targets().isEmpty()
                && flag.rules().isEmpty()
                && flag.prerequisites().isEmpty()
                && (flag.fallthrough() == null || flag.fallthrough() instanceof Serve.Fixed);
        Results results = new Results(flag, metadata);
        // Without a default variant the caller's default is served, which is no static outcome (flagd agrees).
        Reason fallthroughReason = isStatic && flag.defaultVariant() != null ? Reason.STATIC : Reason.DEFAULT;

        int prerequisiteCount = flag.prerequisites().size();
        CompiledFlag[] prerequisites = new CompiledFlag[prerequisiteCount];
        String[][] accepted = new String[prerequisiteCount][];
        @SuppressWarnings({"unchecked", "rawtypes"})
        EvaluationDetails<Object>[] offByPrerequisite = new EvaluationDetails[prerequisiteCount];
        for (int i = 0; i < prerequisiteCount; i++) {
            Prerequisite prerequisite = flag.prerequisites().get(i);
            prerequisites[i] = flag(requireNonNull(definitions.flag(prerequisite.flag()), "prerequisite flag"));
            accepted[i] = prerequisite.variants().toArray(String[]::new);
            offByPrerequisite[i] = results.off("prerequisite '" + prerequisite.flag() + "' not met (requires "
                    + (prerequisite.variants().size() == 1
                            ? "variant '" + prerequisite.variants().get(0) + "'"
                            : "one of variants " + String.join(", ", prerequisite.variants()))
                    + ")");
        }

        Map<String, EvaluationDetails<Object>> targets = null;
        if (!flag.targets().isEmpty()) {
            targets = new HashMap<>();
            for (Map.Entry<String, List<String>> entry : flag.targets().entrySet()) {
                EvaluationDetails<Object> result = results.of(entry.getKey(), Reason.TARGETING_MATCH, TARGETS_RULE_ID);
                for (String targetingKey : entry.getValue()) {
                    targets.put(targetingKey, result);
                }
            }
        }

        CompiledFlag.CompiledRule[] rules =
                new CompiledFlag.CompiledRule[flag.rules().size()];
        for (int i = 0; i < rules.length; i++) {
            Rule rule = flag.rules().get(i);
            rules[i] = new CompiledFlag.CompiledRule(
                    rule.id(),
                    conditions(rule.when()),
                    serve(rule.serve(), results, Reason.TARGETING_MATCH, rule.id()));
        }
        CompiledServe fallthrough =
                flag.fallthrough() == null ? null : serve(flag.fallthrough(), results, fallthroughReason, null);

        String window = (flag.activeFrom() == null ? "" : "from " + flag.activeFrom())
                + (flag.activeFrom() != null && flag.activeUntil() != null ? " " : "")
                + (flag.activeUntil() == null ? "" : "until " + flag.activeUntil());
        CompiledFlag result = new CompiledFlag(
                flag,
                (flag.salt() == null ? flag.key() : flag.salt()).getBytes(StandardCharsets.UTF_8),
                targets,
                prerequisites,
                accepted,
                rules,
                fallthrough,
                results.of(flag.defaultVariant(), fallthroughReason, null),
                results.off("flag is " + flag.status().id()),
                results.off("outside the flag's active window (" + window + ")"),
                results.off("flag is not enabled in this environment (enabled in "
                        + String.join(", ", flag.environments()) + ")"),
                offByPrerequisite,
                flag.experiment() == null
                        ? null
                        : results.control("experiment has not started (starts "
                                + flag.experiment().start() + "); serving the control variant"),
                flag.experiment() == null
                        ? null
                        : results.control(
                                "experiment ended (" + flag.experiment().end() + "); serving the control variant"),
                sensitiveTag != null && flag.tags().contains(sensitiveTag));
        compiled.put(flag.key(), result);
        return result;
    }

    private static Map<String, Object> metadata(FlagDefinition flag) {
        Map<String, Object> metadata = new LinkedHashMap<>(flag.metadata());
        // Only a status other than the default says something; OpenFeature expects a flag without
        // metadata to come back with none (conformance: metadata.feature, "Returns no metadata").
        if (flag.status() != FlagStatus.ACTIVE) {
            metadata.putIfAbsent("status", flag.status().id());
        }
        if (!flag.owner().isEmpty()) {
            metadata.putIfAbsent("owner", flag.owner());
        }
        if (!flag.tags().isEmpty()) {
            metadata.putIfAbsent("tags", String.join(",", flag.tags()));
        }
        if (!flag.description().isEmpty()) {
            metadata.putIfAbsent("description", flag.description());
        }
        return Map.copyOf(metadata);
    }

    private CompiledCondition[] conditions(List<Condition> conditions) {
        CompiledCondition[] compiledConditions = new CompiledCondition[conditions.size()];
        for (int i = 0; i < compiledConditions.length; i++) {
            Condition condition = conditions.get(i);
            CompiledSegment[] referenced = new CompiledSegment[0];
            if (condition.operator() == Operator.IN_SEGMENT) {
                referenced = condition.values().stream()
                        .map(name -> segments.get((String) name))
                        .toArray(CompiledSegment[]::new);
            }
            compiledConditions[i] = new CompiledCondition(
                    condition.operator(), condition.negate(), condition.attribute(), condition.values(), referenced);
        }
        return compiledConditions;
    }

    private CompiledServe serve(Serve serve, Results results, Reason fixedReason, @Nullable String ruleId) {
        if (serve instanceof Serve.Fixed fixed) {
            return new CompiledServe.Fixed(results.of(fixed.variant(), fixedReason, ruleId));
        }
        if (serve instanceof Serve.Distribution distribution) {
            int n = distribution.weights().size();
            long[] runningTotals = new long[n];
            @SuppressWarnings({"unchecked", "rawtypes"})
            EvaluationDetails<Object>[] splitResults = new EvaluationDetails[n];
            long total = 0;
            // flagd answers TARGETING_MATCH for its fractional, and its files keep flagd's semantics.
            Reason reason = distribution.targetingMatch() ? Reason.TARGETING_MATCH : Reason.SPLIT;
            for (int i = 0; i < n; i++) {
                Serve.Weight weight = distribution.weights().get(i);
                total += weight.weight();
                runningTotals[i] = total;
                splitResults[i] = results.of(weight.variant(), reason, ruleId);
            }
            return new CompiledServe.Split(runningTotals, splitResults);
        }
        if (serve instanceof Serve.Progressive progressive) {
            return new CompiledServe.Progressive(
                    progressive.start().toEpochMilli(),
                    progressive.end().toEpochMilli(),
                    Math.round(progressive.fromPercent() * 1000),
                    Math.round(progressive.toPercent() * 1000),
                    results.of(progressive.variant(), Reason.SPLIT, ruleId),
                    results.of(progressive.otherwise(), Reason.SPLIT, ruleId));
        }
        if (serve instanceof Serve.Computed computed) {
            Map<String, EvaluationDetails<Object>> byVariant = new LinkedHashMap<>();
            for (String variant : results.flag.variants().keySet()) {
                byVariant.put(variant, results.of(variant, fixedReason, ruleId));
            }
            return new CompiledServe.Computed(computed.source(), computed.function(), byVariant);
        }
        Serve.Scheduled scheduled = (Serve.Scheduled) serve;
        List<Serve.Step> steps = scheduled.steps();
        long[] at = new long[steps.size()];
        CompiledServe[] stepServes = new CompiledServe[steps.size()];
        for (int i = 0; i < at.length; i++) {
            Instant instant = steps.get(i).at();
            at[i] = instant.toEpochMilli();
            stepServes[i] = serve(steps.get(i).serve(), results, fixedReason, ruleId);
        }
        return new CompiledServe.Scheduled(
                scheduled.initial() == null ? null : serve(scheduled.initial(), results, fixedReason, ruleId),
                at,
                stepServes);
    }

    /** Builds each distinct result once per flag, so equal outcomes share one object. */
    private static final class Results {
        private final FlagDefinition flag;
        private final Map<String, Object> metadata;
        private final Map<List<Object>, EvaluationDetails<Object>> built = new HashMap<>();

        Results(FlagDefinition flag, Map<String, Object> metadata) {
            this.flag = flag;
            this.metadata = metadata;
        }

        EvaluationDetails<Object> of(@Nullable String variant, Reason reason, @Nullable String ruleId) {
            List<Object> id = new ArrayList<>();
            id.add(String.valueOf(variant));
            id.add(reason);
            id.add(String.valueOf(ruleId));
            return built.computeIfAbsent(
                    id,
                    unused -> new EvaluationDetails<>(
                            flag.key(),
                            variant == null ? null : flag.variants().get(variant),
                            variant,
                            reason,
                            null,
                            null,
                            ruleId,
                            metadata));
        }

        /** The control variant of an experiment outside its window, with reason DEFAULT and why. */
        EvaluationDetails<Object> control(String why) {
            String variant = requireNonNull(flag.experiment(), "experiment").controlVariant();
            return new EvaluationDetails<>(
                    flag.key(), flag.variants().get(variant), variant, Reason.DEFAULT, null, why, null, metadata);
        }

        EvaluationDetails<Object> off(String why) {
            String variant = flag.offVariant();
            return new EvaluationDetails<>(
                    flag.key(),
                    variant == null ? null : flag.variants().get(variant),
                    variant,
                    Reason.DISABLED,
                    null,
                    why,
                    null,
                    metadata);
        }
    }
}
