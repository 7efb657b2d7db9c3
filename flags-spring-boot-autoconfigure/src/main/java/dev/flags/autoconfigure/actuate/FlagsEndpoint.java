package dev.flags.autoconfigure.actuate;

import dev.flags.EvaluationContext;
import dev.flags.Explanation;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagExplanation;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Prerequisite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code flags} Actuator endpoint.
 *
 * <ul>
 *   <li>{@code GET /actuator/flags}: every flag with its type, status, variants, rule count and
 *       prerequisites, archived flags that are still evaluated, and with a store the stale-flag
 *       report and where this instance stands against the store's change log ({@code store}), with
 *       the fleet of instances that follow the store, the ones behind or silent marked
 *       ({@code store.fleet}).
 *   <li>{@code GET /actuator/flags/{key}}: one flag's definition.
 *   <li>{@code POST /actuator/flags/{key}} with a JSON body of strings, for example
 *       {@code {"targetingKey": "ann", "groups": "beta-testers,staff", "attributes":
 *       "country=DE,age=42", "environment": "prod"}} (Actuator reads write bodies as string
 *       values): evaluates the flag for that context and explains the outcome (value, variant,
 *       reason, matched rule, bucket and the prerequisite chain). Attribute values that read as
 *       numbers or {@code true}/{@code false} are passed as such. Explain records no experiment
 *       exposure.
 *   <li>{@code GET /actuator/flags/experiments/all} and {@code GET
 *       /actuator/flags/experiments/{key}}: experiment results (per variant exposed and converting
 *       users, rates, lift against the control, sample-ratio check).
 * </ul>
 */
@Endpoint(id = "flags")
public final class FlagsEndpoint {

    private final InspectableFlagManager flagManager;

    private final @Nullable EndpointExperiments experiments;

    private final @Nullable EndpointStaleFlags staleFlags;

    private final @Nullable EndpointStoreFollower follower;

    /**
     * Creates the endpoint.
     *
     * @param flagManager the flags to show
     */
    public FlagsEndpoint(InspectableFlagManager flagManager) {
        this(flagManager, null, null, null);
    }

    /**
     * Creates the endpoint with what the optional modules add.
     *
     * @param flagManager the flags to show
     * @param experiments experiment results, and explain without exposures; {@code null} without
     *     experiments
     * @param staleFlags the stale-flag report the listing includes; {@code null} without a store
     * @param follower where this instance stands against a shared store; {@code null} without one
     */
    FlagsEndpoint(
            InspectableFlagManager flagManager,
            @Nullable EndpointExperiments experiments,
            @Nullable EndpointStaleFlags staleFlags,
            @Nullable EndpointStoreFollower follower) {
        this.flagManager = flagManager;
        this.experiments = experiments;
        this.staleFlags = staleFlags;
        this.follower = follower;
    }

    /**
     * Lists every flag.
     *
     * @return the flags, in definition order
     */
    @ReadOperation
    public FlagsDescriptor flags() {
        List<FlagDescriptor> flags = new ArrayList<>();
        for (FlagDefinition flag : flagManager.definitions().flags()) {
            List<String> prerequisites = new ArrayList<>();
            for (Prerequisite prerequisite : flag.prerequisites()) {
                prerequisites.add(prerequisite.flag());
            }
            flags.add(new FlagDescriptor(
                    flag.key(),
                    flag.type().id(),
                    flag.status().id(),
                    List.copyOf(flag.variants().keySet()),
                    flag.defaultVariant(),
                    flag.rules().size(),
                    prerequisites,
                    flag.description(),
                    flag.owner()));
        }
        return new FlagsDescriptor(
                flags,
                flagManager.archivedFlagEvaluations(),
                staleFlags == null ? null : staleFlags.findings(),
                follower == null ? null : store(follower));
    }

    private static Map<String, Object> store(EndpointStoreFollower follower) {
        Map<String, Object> store = new LinkedHashMap<>(follower.details());
        store.put("fleet", follower.fleet());
        return store;
    }

    /**
     * One flag's definition.
     *
     * @param key the flag key
     * @return the definition, or {@code null} (404) when no flag has that key
     */
    @ReadOperation
    public @Nullable Map<String, Object> flag(@Selector String key) {
        FlagDefinition flag = flagManager.definitions().flag(key);
        // A definitions document holding this one flag, in the documented format (as in flags.yml).
        return flag == null ? null : Map.of("flags", Map.of(key, DefinitionsWriter.toTree(flag)));
    }

    /**
     * Evaluates one flag for a supplied context and explains the outcome.
     *
     * @param key the flag key
     * @param targetingKey the context's targeting key
     * @param groups the context's groups, comma separated
     * @param attributes the context's attributes, as comma-separated {@code name=value} pairs
     * @param environment the environment to evaluate in, instead of the application's
     * @return the explanation
     */
    @WriteOperation
    public FlagExplanation explain(
            @Selector String key,
            @Nullable String targetingKey,
            @Nullable String groups,
            @Nullable String attributes,
            @Nullable String environment) {
        EvaluationContext.Builder context =
                EvaluationContext.builder().targetingKey(targetingKey).environment(environment);
        if (groups != null) {
            for (String group : groups.split(",")) {
                if (!group.isBlank()) {
                    context.group(group.strip());
                }
            }
        }
        if (attributes != null) {
            for (String pair : attributes.split(",")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    context.attribute(
                            pair.substring(0, equals).strip(),
                            typed(pair.substring(equals + 1).strip()));
                }
            }
        }
        EvaluationContext built = context.build();
        Explanation explanation = experiments == null
                ? flagManager.explain(key, built)
                : experiments.withoutExposures(() -> flagManager.explain(key, built));
        return FlagExplanation.of(explanation);
    }

    /**
     * Results of the experiments: {@code GET /actuator/flags/experiments/all} for every experiment,
     * {@code GET /actuator/flags/experiments/{key}} for one.
     *
     * @param section {@code experiments}; anything else is not found
     * @param key a flag key, or {@code all}
     * @return the results, or {@code null} (404) without experiments or when the flag is not one
     */
    @ReadOperation
    public @Nullable Object experiments(@Selector String section, @Selector String key) {
        if (experiments == null || !section.equals("experiments")) {
            return null;
        }
        if (key.equals("all") && flagManager.definitions().flag("all") == null) {
            return experiments.all();
        }
        return experiments.one(key);
    }

    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        try {
            return value.contains(".") ? (Object) Double.valueOf(value) : (Object) Long.valueOf(value);
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    /**
     * Every flag.
     *
     * @param flags the flags
     * @param archivedEvaluations archived flags that were evaluated since start, with counts
     * @param stale the stale-flag report's findings, when flags live in a store; {@code null} too
     *     while the store cannot be read (the listing answers all the same, and {@code store} says
     *     why)
     * @param store where this instance stands against its store's change log (applied sequence,
     *     head, lag, staleness), and under {@code fleet} every instance that follows the store with
     *     its applied sequence, lag, last report and state (current, behind or silent), when flags
     *     live in a store
     */
    public record FlagsDescriptor(
            List<FlagDescriptor> flags,
            Map<String, Long> archivedEvaluations,
            @Nullable List<StaleFlagDescriptor> stale,
            @Nullable Map<String, Object> store) {}

    /**
     * A finding of the stale-flag report.
     *
     * @param key the flag key
     * @param reason why the flag looks stale
     * @param detail the evidence
     */
    public record StaleFlagDescriptor(String key, String reason, String detail) {}

    /**
     * A flag in the list.
     *
     * @param key the key
     * @param type the value type
     * @param status the lifecycle status
     * @param variants the variant names
     * @param defaultVariant the default variant
     * @param rules the number of targeting rules
     * @param prerequisites the keys of the flags it requires
     * @param description what it is for
     * @param owner who answers for it
     */
    public record FlagDescriptor(
            String key,
            String type,
            String status,
            List<String> variants,
            @Nullable String defaultVariant,
            int rules,
            List<String> prerequisites,
            String description,
            String owner) {}
}
