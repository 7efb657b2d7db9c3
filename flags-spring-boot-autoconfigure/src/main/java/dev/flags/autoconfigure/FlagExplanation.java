package dev.flags.autoconfigure;

import dev.flags.EvaluationDetails;
import dev.flags.Explanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Why a flag evaluates as it does for a context, as the Actuator {@code flags} endpoint and the
 * admin API's explain both answer it: one shape, so a console or a script reads either the same way.
 *
 * @param key the flag key
 * @param value the value served
 * @param variant the variant served
 * @param reason why
 * @param errorCode what failed, for reason ERROR
 * @param detail the error message or what turned the flag off
 * @param rule the matched rule
 * @param bucketingValue the value hashed for bucketing
 * @param bucket the context's bucket
 * @param bucketCount the number of buckets
 * @param prerequisites how each prerequisite evaluated
 * @param metadata the flag's metadata, sorted by name
 */
public record FlagExplanation(
        String key,
        @Nullable Object value,
        @Nullable String variant,
        String reason,
        @Nullable String errorCode,
        @Nullable String detail,
        @Nullable String rule,
        @Nullable String bucketingValue,
        @Nullable Long bucket,
        @Nullable Long bucketCount,
        List<Prerequisite> prerequisites,
        Map<String, Object> metadata) {

    /**
     * The view of an engine explanation.
     *
     * @param explanation what the engine explained
     * @return the view
     */
    public static FlagExplanation of(Explanation explanation) {
        EvaluationDetails<Object> details = explanation.details();
        List<Prerequisite> prerequisites = new ArrayList<>();
        for (Explanation.PrerequisiteCheck check : explanation.prerequisites()) {
            prerequisites.add(
                    new Prerequisite(check.flag(), check.requiredVariants(), check.met(), of(check.explanation())));
        }
        return new FlagExplanation(
                details.flagKey(),
                details.value(),
                details.variant(),
                details.reason().name(),
                details.errorCode() == null ? null : details.errorCode().name(),
                details.detail(),
                details.ruleId(),
                explanation.bucketingValue(),
                explanation.bucket(),
                explanation.bucketCount(),
                prerequisites,
                new TreeMap<>(details.flagMetadata()));
    }

    /**
     * One prerequisite's evaluation.
     *
     * @param flag the prerequisite flag
     * @param requiredVariants the variants that satisfy it
     * @param met whether it was satisfied
     * @param explanation how it evaluated
     */
    public record Prerequisite(String flag, List<String> requiredVariants, boolean met, FlagExplanation explanation) {}
}
