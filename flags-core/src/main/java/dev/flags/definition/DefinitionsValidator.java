package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.flags.internal.AttributePath;
import dev.flags.internal.DateTimes;
import dev.flags.internal.SemanticVersion;
import dev.flags.internal.SemverRange;
import dev.flags.internal.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a set of definitions as a whole and reports every problem with its path. Structural
 * problems (unknown fields, wrong YAML types) are the reader's; this class checks meaning: keys,
 * variant references, value types, operators' values, weights, schedules, segments and
 * prerequisite cycles.
 */
final class DefinitionsValidator {

    static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");

    private final Definitions definitions;
    private final List<DefinitionError> errors = new ArrayList<>();
    private final Map<String, FlagDefinition> flagsByKey = new HashMap<>();
    private final Map<String, SegmentDefinition> segmentsByKey = new HashMap<>();
    // The flags of definitions found valid before, by key, when their segments are these ones: a
    // flag equal to its entry here, with prerequisites equal to theirs, cannot have a problem.
    private final @Nullable Map<String, FlagDefinition> validFlags;

    DefinitionsValidator(Definitions definitions) {
        this.definitions = definitions;
        this.validFlags = null;
    }

    /**
     * A validator that skips what cannot have changed since {@code valid}, definitions without
     * problems: every segment when the segments are equal to those, and then each flag equal to the
     * one of its key there whose prerequisites are equal too. Everything else, and the checks across
     * definitions (duplicate keys, prerequisite cycles), is checked as {@link #validate()} does.
     */
    DefinitionsValidator(Definitions definitions, Definitions valid) {
        this.definitions = definitions;
        if (definitions.segments().equals(valid.segments())) {
            Map<String, FlagDefinition> byKey = new HashMap<>();
            for (FlagDefinition flag : valid.flags()) {
                byKey.put(flag.key(), flag);
            }
            this.validFlags = byKey;
        } else {
            this.validFlags = null;
        }
    }

    List<DefinitionError> validate() {
        for (FlagDefinition flag : definitions.flags()) {
            if (flagsByKey.putIfAbsent(flag.key(), flag) != null) {
                error("flags." + flag.key(), "duplicate flag key '" + flag.key() + "'");
            }
        }
        for (SegmentDefinition segment : definitions.segments()) {
            if (segmentsByKey.putIfAbsent(segment.key(), segment) != null) {
                error("segments." + segment.key(), "duplicate segment key '" + segment.key() + "'");
            }
        }
        for (FlagDefinition flag : definitions.flags()) {
            if (!unchanged(flag)) {
                validateFlag(flag);
            }
        }
        boolean segmentsChanged = validFlags == null; // else they are the valid ones, cycles included
        if (segmentsChanged) {
            for (SegmentDefinition segment : definitions.segments()) {
                validateSegment(segment);
            }
        }
        reportPrerequisiteCycles();
        if (segmentsChanged) {
            reportSegmentCycles();
        }
        return List.copyOf(errors);
    }

    /**
     * Whether this flag is known valid: it equals the valid one of its key, and so does each flag
     * it requires (a flag's own checks read only those, and the segments, equal too here).
     */
    private boolean unchanged(FlagDefinition flag) {
        if (!sameAsValid(flag)) {
            return false;
        }
        for (Prerequisite prerequisite : flag.prerequisites()) {
            FlagDefinition required = flagsByKey.get(prerequisite.flag());
            if (required == null || !sameAsValid(required)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameAsValid(FlagDefinition flag) {
        FlagDefinition valid = validFlags == null ? null : validFlags.get(flag.key());
        return valid != null && (valid == flag || valid.equals(flag));
    }

    private void error(String path, String message) {
        errors.add(new DefinitionError(null, path, message));
    }

    private void validateFlag(FlagDefinition flag) {
        String path = "flags." + flag.key();
        if (!KEY.matcher(flag.key()).matches()) {
            error(path, "invalid flag key '" + flag.key() + "' (use letters, digits, '.', '_' and '-')");
        } else if (flag.key().length() > Definitions.MAX_KEY_LENGTH) {
            error(path, tooLong("flag key", flag.key()));
        }
        if (flag.variants().isEmpty()) {
            error(path + ".variants", "at least one variant is required");
        }
        flag.variants().forEach((name, value) -> {
            if (name.isBlank()) {
                error(path + ".variants", "variant names must not be blank");
            } else if (name.length() > Definitions.MAX_KEY_LENGTH) {
                error(path + ".variants", tooLong("variant name", name));
            } else if (!flag.type().accepts(value)) {
                error(
                        path + ".variants." + name,
                        "expected " + expected(flag.type()) + " but got " + Values.describe(value));
            }
        });
        // Without a default variant the caller's default is served when nothing matches; the file
        // format requires one (DefinitionsReader), flagd's does not.
        if (flag.defaultVariant() != null) {
            checkVariant(flag, flag.defaultVariant(), path + ".default-variant");
        }
        if (flag.offVariant() != null) {
            checkVariant(flag, flag.offVariant(), path + ".off-variant");
        }
        if (flag.status() == FlagStatus.SCHEDULED && flag.activeFrom() == null && flag.activeUntil() == null) {
            error(path + ".status", "a scheduled flag needs active-from, active-until or both");
        }
        if (flag.activeFrom() != null
                && flag.activeUntil() != null
                && !flag.activeFrom().isBefore(flag.activeUntil())) {
            error(path + ".active-until", "must be after active-from (" + flag.activeFrom() + ")");
        }
        checkNames(flag.environments(), path + ".environments", "environment");
        checkNames(flag.tags(), path + ".tags", "tag");
        if (flag.bucketBy() != null && flag.bucketBy().isBlank()) {
            error(path + ".bucket-by", "must not be blank");
        } else if (flag.bucketBy() != null) {
            checkAttributePath(flag.bucketBy(), path + ".bucket-by");
        }
        if (flag.salt() != null && flag.salt().isEmpty()) {
            error(path + ".salt", "must not be empty");
        }
        for (int i = 0; i < flag.prerequisites().size(); i++) {
            validatePrerequisite(flag, flag.prerequisites().get(i), path + ".prerequisites[" + i + "]");
        }
        Map<String, String> targetedKeys = new HashMap<>();
        flag.targets().forEach((variant, keys) -> {
            String targetPath = path + ".targets." + variant;
            checkVariant(flag, variant, targetPath);
            for (int i = 0; i < keys.size(); i++) {
                String previous = targetedKeys.putIfAbsent(keys.get(i), variant);
                if (keys.get(i).isEmpty()) {
                    error(targetPath + "[" + i + "]", "targeting keys must not be empty");
                } else if (previous != null) {
                    error(
                            targetPath + "[" + i + "]",
                            "targeting key '" + keys.get(i) + "' is already targeted to variant '" + previous + "'");
                }
            }
        });
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < flag.rules().size(); i++) {
            Rule rule = flag.rules().get(i);
            String rulePath = path + ".rules[" + i + "]";
            if (rule.id().isBlank()) {
                error(rulePath + ".id", "must not be blank");
            } else if (!ruleIds.add(rule.id())) {
                error(rulePath + ".id", "duplicate rule id '" + rule.id() + "'");
            }
            validateConditions(rule.when(), rulePath + ".when");
            validateServe(flag, rule.serve(), rulePath + ".serve", true);
        }
        if (flag.fallthrough() != null) {
            validateServe(flag, flag.fallthrough(), path + ".fallthrough", true);
        }
        flag.metadata().forEach((name, value) -> {
            if (!(value instanceof String || value instanceof Boolean || value instanceof Number)) {
                error(
                        path + ".metadata." + name,
                        "expected a string, number or boolean but got " + Values.describe(value));
            }
        });
        if (flag.experiment() != null) {
            validateExperiment(flag, flag.experiment(), path + ".experiment");
        }
    }

    /** The most conversions one experiment measures: attribution keeps one bit per conversion and user. */
    static final int MAX_CONVERSIONS = 64;

    private void validateExperiment(FlagDefinition flag, Experiment experiment, String path) {
        checkVariant(flag, experiment.controlVariant(), path + ".control-variant");
        if (!experiment.start().isBefore(experiment.end())) {
            error(path + ".end", "must be after start (" + experiment.start() + ")");
        }
        List<String> conversions = experiment.conversions();
        if (conversions.isEmpty()) {
            error(path + ".conversions", "at least one conversion is required");
        } else if (conversions.size() > MAX_CONVERSIONS) {
            error(
                    path + ".conversions",
                    "at most " + MAX_CONVERSIONS + " conversions (got " + conversions.size() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < conversions.size(); i++) {
            if (conversions.get(i).isBlank()) {
                error(path + ".conversions[" + i + "]", "conversion must not be blank");
            } else if (!seen.add(conversions.get(i))) {
                error(path + ".conversions[" + i + "]", "conversion '" + conversions.get(i) + "' appears twice");
            }
        }
        if (flag.bucketBy() != null) {
            error(path, "an experiment assigns variants by targeting key, so its flag cannot set bucket-by");
        }
        Serve assigning;
        String assigner;
        if (experiment.rule() == null) {
            assigning = flag.fallthrough();
            assigner = "the fallthrough";
        } else {
            Rule rule = null;
            for (Rule candidate : flag.rules()) {
                if (candidate.id().equals(experiment.rule())) {
                    rule = candidate;
                }
            }
            if (rule == null) {
                error(
                        path + ".rule",
                        "unknown rule '" + experiment.rule() + "' ("
                                + (flag.rules().isEmpty()
                                        ? "the flag has no rules"
                                        : "expected one of "
                                                + String.join(
                                                        ", ",
                                                        flag.rules().stream()
                                                                .map(Rule::id)
                                                                .toList()))
                                + ")");
                return;
            }
            assigning = rule.serve();
            assigner = "rule '" + rule.id() + "'";
        }
        if (!(assigning instanceof Serve.Distribution distribution)) {
            error(
                    experiment.rule() == null ? path : path + ".rule",
                    assigner + " must serve a distribution for the experiment to assign variants");
            return;
        }
        if (distribution.targetingMatch()) {
            error(
                    experiment.rule() == null ? path : path + ".rule",
                    "the distribution of " + assigner + " reports targeting-match, but an experiment counts the"
                            + " exposures its distribution reports as split (remove reason: targeting-match)");
        }
        validateMetrics(experiment, path + ".metrics");
        validateAnalysis(experiment.analysis(), path + ".analysis");
        if (flag.variants().containsKey(experiment.controlVariant())
                && distribution.weights().stream()
                        .noneMatch(w -> w.variant().equals(experiment.controlVariant()) && w.weight() > 0)) {
            error(
                    path + ".control-variant",
                    "variant '" + experiment.controlVariant() + "' has no weight in the distribution of " + assigner);
        }
    }

    private void validateAnalysis(Experiment.Analysis analysis, String path) {
        String method = analysis.method();
        if (method != null && !Experiment.Analysis.METHODS.contains(method)) {
            error(
                    path + ".method",
                    "unknown analysis method '" + method + "' (expected one of "
                            + String.join(", ", Experiment.Analysis.METHODS) + ")");
        }
        String correction = analysis.correction();
        if (correction != null && !Experiment.Analysis.CORRECTIONS.contains(correction)) {
            error(
                    path + ".correction",
                    "unknown correction '" + correction + "' (expected one of "
                            + String.join(", ", Experiment.Analysis.CORRECTIONS) + ")");
        }
        Double alpha = analysis.alpha();
        if (alpha != null && !(alpha > 0 && alpha < 1)) {
            error(path + ".alpha", "alpha must be above 0 and below 1 (got " + alpha + ")");
        }
    }

    /** The most metrics one experiment declares, a bound on the per-user state each one costs. */
    static final int MAX_METRICS = 64;

    private void validateMetrics(Experiment experiment, String path) {
        if (experiment.metrics().size() > MAX_METRICS) {
            error(
                    path,
                    "at most " + MAX_METRICS + " metrics (got "
                            + experiment.metrics().size() + ")");
        }
        String expected = " (expected one of " + String.join(", ", experiment.conversions()) + ")";
        for (ExperimentMetric metric : experiment.metrics()) {
            String at = path + "." + metric.name();
            if (metric.name().isBlank()) {
                error(at, "metric name must not be blank");
            }
            if (!experiment.conversions().contains(metric.conversion())) {
                error(at + ".conversion", "unknown conversion '" + metric.conversion() + "'" + expected);
            }
            String denominator = metric.denominator();
            if (metric.type().isRatio()) {
                if (denominator == null) {
                    error(at + ".denominator", "a ratio metric needs the conversion counted in its denominator");
                } else if (!experiment.conversions().contains(denominator)) {
                    error(at + ".denominator", "unknown conversion '" + denominator + "'" + expected);
                }
                if (metric.covariate() != null) {
                    error(at + ".covariate", "a ratio metric takes no covariate (CUPED applies to per-user values)");
                }
            } else if (denominator != null) {
                error(
                        at + ".denominator",
                        "only a ratio metric has a denominator (type is "
                                + metric.type().id() + ")");
            }
            if (metric.covariate() != null && metric.covariate().isBlank()) {
                error(at + ".covariate", "covariate attribute must not be blank");
            }
            if (experiment.conversions().contains(metric.name())
                    && !metric.conversion().equals(metric.name())) {
                error(
                        at + ".conversion",
                        "a metric named after conversion '" + metric.name()
                                + "' replaces its binomial metric and must read that conversion");
            }
        }
    }

    private void checkNames(List<String> names, String path, String what) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isBlank()) {
                error(path + "[" + i + "]", what + " must not be blank");
            } else if (names.get(i).length() > Definitions.MAX_KEY_LENGTH) {
                error(path + "[" + i + "]", tooLong(what, names.get(i)));
            }
        }
    }

    private static String expected(FlagType type) {
        return switch (type) {
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case INTEGER -> "an integer from -2147483648 to 2147483647";
            case DOUBLE -> "a number";
            case OBJECT -> "an object or a list";
        };
    }

    private void checkVariant(FlagDefinition flag, @Nullable String variant, String path) {
        if (variant != null && !flag.variants().containsKey(variant)) {
            error(
                    path,
                    "unknown variant '" + variant + "' (expected one of "
                            + String.join(", ", flag.variants().keySet()) + ")" + ambiguity(variant));
        }
    }

    private static String tooLong(String what, String name) {
        return what + " '" + name.substring(0, 20) + "...' is " + name.length() + " characters long (at most "
                + Definitions.MAX_KEY_LENGTH + ")";
    }

    /**
     * What to write when an unknown variant name is a YAML boolean: YAML 1.1 (Spring's
     * application.yml) reads an unquoted on, off, yes or no as true or false, and JSON has true.
     */
    private static String ambiguity(String variant) {
        return "true".equals(variant) || "false".equals(variant)
                ? "; an unquoted on, off, yes, no, true or false is read as a boolean: quote the variant name,"
                        + " for example 'on'"
                : "";
    }

    private void validatePrerequisite(FlagDefinition flag, Prerequisite prerequisite, String path) {
        FlagDefinition required = flagsByKey.get(prerequisite.flag());
        if (prerequisite.flag().equals(flag.key())) {
            error(path + ".flag", "a flag cannot be its own prerequisite");
        } else if (required == null) {
            error(path + ".flag", "unknown flag '" + prerequisite.flag() + "'");
        }
        if (prerequisite.variants().isEmpty()) {
            error(path + ".variants", "at least one variant is required");
        }
        if (required != null) {
            for (int i = 0; i < prerequisite.variants().size(); i++) {
                String variant = prerequisite.variants().get(i);
                if (!required.variants().containsKey(variant)) {
                    error(
                            path + ".variants[" + i + "]",
                            "unknown variant '" + variant + "' of flag '" + required.key() + "' (expected one of "
                                    + String.join(", ", required.variants().keySet()) + ")" + ambiguity(variant));
                }
            }
        }
    }

    private void validateSegment(SegmentDefinition segment) {
        String path = "segments." + segment.key();
        if (!KEY.matcher(segment.key()).matches()) {
            error(path, "invalid segment key '" + segment.key() + "' (use letters, digits, '.', '_' and '-')");
        } else if (segment.key().length() > Definitions.MAX_KEY_LENGTH) {
            error(path, tooLong("segment key", segment.key()));
        }
        for (int i = 0; i < segment.rules().size(); i++) {
            validateConditions(segment.rules().get(i), path + ".rules[" + i + "].when");
        }
    }

    private void validateConditions(List<Condition> conditions, String path) {
        for (int i = 0; i < conditions.size(); i++) {
            validateCondition(conditions.get(i), path + "[" + i + "]");
        }
    }

    private void validateCondition(Condition condition, String path) {
        Operator operator = condition.operator();
        List<Object> values = condition.values();
        if (operator == Operator.IN_SEGMENT) {
            if (condition.attribute() != null) {
                error(
                        path + ".attribute",
                        "'in-segment' takes no attribute: segments match the targeting key and their own rules");
            }
        } else if (condition.attribute() == null || condition.attribute().isBlank()) {
            error(path + ".attribute", "missing attribute");
        } else {
            checkAttributePath(condition.attribute(), path + ".attribute");
        }
        switch (operator.arity()) {
            case NONE -> {
                if (!values.isEmpty()) {
                    error(path + ".values", "'" + operator.id() + "' takes no value");
                }
            }
            case ONE -> {
                if (values.size() != 1) {
                    error(
                            path + ".values",
                            "'" + operator.id() + "' takes exactly one value (got " + values.size() + ")");
                }
            }
            case MANY -> {
                if (values.isEmpty()) {
                    error(path + ".values", "'" + operator.id() + "' takes at least one value");
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            validateValue(operator, values.get(i), path + ".values[" + i + "]");
        }
    }

    private void checkAttributePath(String attribute, String path) {
        String syntaxError = AttributePath.syntaxError(attribute);
        if (syntaxError != null) {
            error(path, syntaxError);
        }
    }

    private void validateValue(Operator operator, @Nullable Object value, String path) {
        switch (operator) {
            case IN_SEGMENT -> {
                if (!(value instanceof String name)) {
                    error(path, "expected a segment key but got " + Values.describe(value));
                } else if (!segmentsByKey.containsKey(name)) {
                    error(path, "unknown segment '" + name + "'");
                }
            }
            case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                if (!(value instanceof Number)) {
                    error(path, "expected a number but got " + Values.describe(value));
                }
            }
            case BEFORE, AFTER -> {
                if (!(value instanceof String text) || DateTimes.parseInstant(text) == null) {
                    error(
                            path,
                            "invalid date-time " + Values.describe(value)
                                    + " (expected ISO-8601, for example 2026-03-01T09:00:00Z)");
                }
            }
            case SEMVER_EQUAL, SEMVER_LESS_THAN, SEMVER_GREATER_THAN -> {
                if (!(value instanceof String text) || SemanticVersion.parse(text) == null) {
                    error(
                            path,
                            "invalid semantic version " + Values.describe(value)
                                    + " (expected for example 1.4.0 or 2.0.0-beta.1)");
                }
            }
            case SEMVER_IN_RANGE -> {
                if (!(value instanceof String text) || SemverRange.parse(text) == null) {
                    error(
                            path,
                            "invalid version range " + Values.describe(value)
                                    + " (expected for example ^1.2.3, ~1.2, 1.x, >=1.0.0 <2.0.0 or 1.x || 2.x)");
                }
            }
            case MATCHES -> {
                if (!(value instanceof String text)) {
                    error(path, "expected a regular expression but got " + Values.describe(value));
                } else {
                    try {
                        Pattern.compile(text);
                    } catch (PatternSyntaxException e) {
                        error(path, "invalid regular expression '" + text + "': " + e.getDescription());
                    }
                }
            }
            case STARTS_WITH, ENDS_WITH -> {
                if (!(value instanceof String)) {
                    error(path, "expected a string but got " + Values.describe(value));
                }
            }
            default -> {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    error(path, "expected a string, number or boolean but got " + Values.describe(value));
                }
            }
        }
    }

    private void validateServe(FlagDefinition flag, Serve serve, String path, boolean mayBeScheduled) {
        if (serve instanceof Serve.Fixed fixed) {
            checkVariant(flag, fixed.variant(), path + ".variant");
        } else if (serve instanceof Serve.Distribution distribution) {
            validateDistribution(flag, distribution, path + ".distribution");
        } else if (serve instanceof Serve.Progressive progressive) {
            String progressivePath = path + ".progressive";
            checkVariant(flag, progressive.variant(), progressivePath + ".variant");
            checkVariant(flag, progressive.otherwise(), progressivePath + ".otherwise");
            if (!progressive.start().isBefore(progressive.end())) {
                error(progressivePath + ".end", "must be after start (" + progressive.start() + ")");
            }
            checkPercent(progressive.fromPercent(), progressivePath + ".from");
            checkPercent(progressive.toPercent(), progressivePath + ".to");
        } else if (serve instanceof Serve.Computed) {
            return; // the variant it names is checked when it is evaluated
        } else if (serve instanceof Serve.Scheduled scheduled) {
            if (!mayBeScheduled) {
                error(path, "a step cannot have steps of its own");
                return;
            }
            if (scheduled.initial() != null) {
                validateServe(flag, scheduled.initial(), path, false);
            }
            if (scheduled.steps().isEmpty()) {
                error(path + ".steps", "at least one step is required");
            }
            Instant previous = null;
            for (int i = 0; i < scheduled.steps().size(); i++) {
                Serve.Step step = scheduled.steps().get(i);
                String stepPath = path + ".steps[" + i + "]";
                if (previous != null && !step.at().isAfter(previous)) {
                    error(
                            stepPath + ".at",
                            "steps must be in ascending order of time (" + step.at() + " is not after " + previous
                                    + ")");
                }
                previous = step.at();
                validateServe(flag, step.serve(), stepPath, false);
            }
        }
    }

    private void checkPercent(double percent, String path) {
        if (!(percent >= 0 && percent <= 100)) {
            error(path, "percentage must be from 0 to 100 (got " + percent + ")");
        }
    }

    private void validateDistribution(FlagDefinition flag, Serve.Distribution distribution, String path) {
        if (distribution.weights().isEmpty()) {
            error(path, "at least one variant is required");
            return;
        }
        long total = 0;
        Set<String> seen = new HashSet<>();
        for (Serve.Weight weight : distribution.weights()) {
            String weightPath = path + "." + weight.variant();
            checkVariant(flag, weight.variant(), weightPath);
            if (!seen.add(weight.variant())) {
                error(weightPath, "variant '" + weight.variant() + "' appears twice");
            }
            if (weight.weight() < 0) {
                error(weightPath, "weight must not be negative (got " + weight.weight() + ")");
            } else {
                total += weight.weight();
            }
        }
        if (total == 0) {
            error(path, "weights must not all be zero");
        } else if (total > Integer.MAX_VALUE) {
            error(path, "weights must not add up to more than " + Integer.MAX_VALUE + " (got " + total + ")");
        }
    }

    private void reportPrerequisiteCycles() {
        Map<String, List<String>> edges = new HashMap<>();
        for (FlagDefinition flag : flagsByKey.values()) {
            List<String> targets = new ArrayList<>();
            for (Prerequisite prerequisite : flag.prerequisites()) {
                if (flagsByKey.containsKey(prerequisite.flag())
                        && !prerequisite.flag().equals(flag.key())) {
                    targets.add(prerequisite.flag());
                }
            }
            edges.put(flag.key(), targets);
        }
        for (List<String> cycle : new CycleFinder(edges)
                .cycles(orderedKeys(
                        definitions.flags().stream().map(FlagDefinition::key).toList()))) {
            String first = cycle.get(0);
            int index = prerequisiteIndex(requireNonNull(flagsByKey.get(first), "flag in cycle"), cycle.get(1));
            error(
                    "flags." + first + ".prerequisites[" + index + "]",
                    "prerequisite cycle " + String.join(" -> ", cycle));
        }
    }

    private static int prerequisiteIndex(FlagDefinition flag, String required) {
        for (int i = 0; i < flag.prerequisites().size(); i++) {
            if (flag.prerequisites().get(i).flag().equals(required)) {
                return i;
            }
        }
        return 0;
    }

    private void reportSegmentCycles() {
        Map<String, List<String>> edges = new HashMap<>();
        for (SegmentDefinition segment : segmentsByKey.values()) {
            List<String> targets = new ArrayList<>();
            for (List<Condition> rule : segment.rules()) {
                for (Condition condition : rule) {
                    if (condition.operator() == Operator.IN_SEGMENT) {
                        for (Object value : condition.values()) {
                            if (value instanceof String name && segmentsByKey.containsKey(name)) {
                                targets.add(name);
                            }
                        }
                    }
                }
            }
            edges.put(segment.key(), targets);
        }
        for (List<String> cycle : new CycleFinder(edges)
                .cycles(orderedKeys(definitions.segments().stream()
                        .map(SegmentDefinition::key)
                        .toList()))) {
            error("segments." + cycle.get(0) + ".rules", "segment cycle " + String.join(" -> ", cycle));
        }
    }

    private static List<String> orderedKeys(List<String> keys) {
        return keys.stream().distinct().toList();
    }
}
