package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import dev.flags.internal.Values;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One flag as written in a definitions file or built in code. This is the unvalidated model:
 * {@link Definitions#validate()} reports what is wrong with it, and only valid definitions are
 * compiled for evaluation.
 *
 * @param key the flag key: letters, digits, {@code .}, {@code _} and {@code -}
 * @param type the type of the variants' values
 * @param variants variant names and their values, in order
 * @param defaultVariant the variant served when no target or rule matches and no fallthrough is set
 * @param offVariant the variant served while the flag is off; without it the caller's default is
 *     served
 * @param description what the flag is for
 * @param owner who answers for the flag, for example a team
 * @param tags free-form labels
 * @param created when the flag was created
 * @param reviewBy when the flag should be reviewed or removed
 * @param status the lifecycle status
 * @param activeFrom for {@link FlagStatus#SCHEDULED}: start of the active window, if bounded
 * @param activeUntil for {@link FlagStatus#SCHEDULED}: end of the active window, if bounded
 * @param environments the environments where the flag is on; empty means all
 * @param bucketBy the context attribute that distributions bucket by; {@code null} means the
 *     targeting key
 * @param salt the bucketing salt; {@code null} means the flag key
 * @param prerequisites flags that must serve given variants for this flag to be on
 * @param targets variant name to the targeting keys that always get it
 * @param rules targeting rules, first match wins
 * @param fallthrough what is served when nothing matches; {@code null} means the default variant
 * @param metadata extra facts returned with every evaluation: string, number or boolean values
 * @param experiment marks the flag as an experiment; {@code null} for an ordinary flag
 */
public record FlagDefinition(
        String key,
        FlagType type,
        Map<String, Object> variants,
        @Nullable String defaultVariant,
        @Nullable String offVariant,
        String description,
        String owner,
        List<String> tags,
        @Nullable LocalDate created,
        @Nullable LocalDate reviewBy,
        FlagStatus status,
        @Nullable Instant activeFrom,
        @Nullable Instant activeUntil,
        List<String> environments,
        @Nullable String bucketBy,
        @Nullable String salt,
        List<Prerequisite> prerequisites,
        Map<String, List<String>> targets,
        List<Rule> rules,
        @Nullable Serve fallthrough,
        Map<String, Object> metadata,
        @Nullable Experiment experiment) {

    /** Checks and copies the components. */
    public FlagDefinition {
        requireNonNull(key, "key");
        requireNonNull(type, "type");
        variants = Values.immutableMap(requireNonNull(variants, "variants"));
        if (type == FlagType.DOUBLE) {
            variants = widenToDouble(variants);
        }
        requireNonNull(description, "description");
        requireNonNull(owner, "owner");
        tags = List.copyOf(tags);
        requireNonNull(status, "status");
        environments = List.copyOf(environments);
        prerequisites = List.copyOf(prerequisites);
        Map<String, List<String>> copiedTargets = new LinkedHashMap<>();
        targets.forEach((variant, keys) -> copiedTargets.put(variant, List.copyOf(keys)));
        targets = java.util.Collections.unmodifiableMap(copiedTargets);
        rules = List.copyOf(rules);
        metadata = Values.immutableMap(requireNonNull(metadata, "metadata"));
    }

    private static Map<String, Object> widenToDouble(Map<String, Object> values) {
        Map<String, Object> widened = new LinkedHashMap<>();
        values.forEach((name, value) -> widened.put(
                name, value instanceof Integer || value instanceof Long ? ((Number) value).doubleValue() : value));
        return java.util.Collections.unmodifiableMap(widened);
    }

    /**
     * Starts a flag definition. A boolean flag built without variants gets {@code on} ({@code true})
     * and {@code off} ({@code false}), with {@code off} as its off variant.
     *
     * @param key the flag key
     * @return a builder for an active boolean flag
     */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** A builder that starts from this definition. */
    public Builder toBuilder() {
        Builder builder = new Builder(key)
                .type(type)
                .defaultVariant(defaultVariant)
                .offVariant(offVariant)
                .description(description)
                .owner(owner)
                .tags(tags)
                .created(created)
                .reviewBy(reviewBy)
                .status(status)
                .activeFrom(activeFrom)
                .activeUntil(activeUntil)
                .environments(environments)
                .bucketBy(bucketBy)
                .salt(salt)
                .fallthrough(fallthrough)
                .experiment(experiment);
        builder.variants.putAll(variants);
        builder.prerequisites.addAll(prerequisites);
        builder.targets.putAll(targets);
        builder.rules.addAll(rules);
        builder.metadata.putAll(metadata);
        return builder;
    }

    /** This definition with another status. */
    public FlagDefinition withStatus(FlagStatus newStatus) {
        return toBuilder().status(newStatus).build();
    }

    /** Builds a {@link FlagDefinition}; every setter replaces what was set before. */
    public static final class Builder {
        private final String key;
        private FlagType type = FlagType.BOOLEAN;
        private final Map<String, Object> variants = new LinkedHashMap<>();
        private @Nullable String defaultVariant;
        private @Nullable String offVariant;
        private boolean offVariantSet;
        private String description = "";
        private String owner = "";
        private List<String> tags = List.of();
        private @Nullable LocalDate created;
        private @Nullable LocalDate reviewBy;
        private FlagStatus status = FlagStatus.ACTIVE;
        private @Nullable Instant activeFrom;
        private @Nullable Instant activeUntil;
        private List<String> environments = List.of();
        private @Nullable String bucketBy;
        private @Nullable String salt;
        private final List<Prerequisite> prerequisites = new ArrayList<>();
        private final Map<String, List<String>> targets = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private @Nullable Serve fallthrough;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private @Nullable Experiment experiment;

        private Builder(String key) {
            this.key = requireNonNull(key, "key");
        }

        /** Sets the type (default boolean). */
        public Builder type(FlagType type) {
            this.type = requireNonNull(type, "type");
            return this;
        }

        /** Adds a variant; variants keep the order they are added in. */
        public Builder variant(String name, Object value) {
            variants.put(requireNonNull(name, "name"), Values.normalize(requireNonNull(value, "value")));
            return this;
        }

        /** Sets the default variant. */
        public Builder defaultVariant(@Nullable String defaultVariant) {
            this.defaultVariant = defaultVariant;
            return this;
        }

        /** Sets the off variant; {@code null} serves the caller's default while the flag is off. */
        public Builder offVariant(@Nullable String offVariant) {
            this.offVariant = offVariant;
            this.offVariantSet = true;
            return this;
        }

        /** Sets the description. */
        public Builder description(String description) {
            this.description = requireNonNull(description, "description");
            return this;
        }

        /** Sets the owner. */
        public Builder owner(String owner) {
            this.owner = requireNonNull(owner, "owner");
            return this;
        }

        /** Sets the tags. */
        public Builder tags(List<String> tags) {
            this.tags = List.copyOf(tags);
            return this;
        }

        /** Sets the tags. */
        public Builder tags(String... tags) {
            return tags(Arrays.asList(tags));
        }

        /** Sets the creation date. */
        public Builder created(@Nullable LocalDate created) {
            this.created = created;
            return this;
        }

        /** Sets the review (expiry) date. */
        public Builder reviewBy(@Nullable LocalDate reviewBy) {
            this.reviewBy = reviewBy;
            return this;
        }

        /** Sets the status (default active). */
        public Builder status(FlagStatus status) {
            this.status = requireNonNull(status, "status");
            return this;
        }

        /** Sets the start of the active window of a scheduled flag. */
        public Builder activeFrom(@Nullable Instant activeFrom) {
            this.activeFrom = activeFrom;
            return this;
        }

        /** Sets the end of the active window of a scheduled flag. */
        public Builder activeUntil(@Nullable Instant activeUntil) {
            this.activeUntil = activeUntil;
            return this;
        }

        /** Sets the environments where the flag is on (default: all). */
        public Builder environments(List<String> environments) {
            this.environments = List.copyOf(environments);
            return this;
        }

        /** Sets the environments where the flag is on (default: all). */
        public Builder environments(String... environments) {
            return environments(Arrays.asList(environments));
        }

        /** Sets the attribute distributions bucket by (default: the targeting key). */
        public Builder bucketBy(@Nullable String bucketBy) {
            this.bucketBy = bucketBy;
            return this;
        }

        /** Sets the bucketing salt (default: the flag key). */
        public Builder salt(@Nullable String salt) {
            this.salt = salt;
            return this;
        }

        /** Adds a prerequisite. */
        public Builder prerequisite(Prerequisite prerequisite) {
            prerequisites.add(requireNonNull(prerequisite, "prerequisite"));
            return this;
        }

        /** Serves a variant to the given targeting keys before any rule is looked at. */
        public Builder target(String variant, String... targetingKeys) {
            targets.put(requireNonNull(variant, "variant"), List.of(targetingKeys));
            return this;
        }

        /** Adds a rule after those already added. */
        public Builder rule(Rule rule) {
            rules.add(requireNonNull(rule, "rule"));
            return this;
        }

        /** Sets what is served when no target or rule matches (default: the default variant). */
        public Builder fallthrough(@Nullable Serve fallthrough) {
            this.fallthrough = fallthrough;
            return this;
        }

        /** Adds a metadata entry. */
        public Builder metadata(String name, Object value) {
            metadata.put(requireNonNull(name, "name"), Values.normalize(requireNonNull(value, "value")));
            return this;
        }

        /** Marks the flag as an experiment; {@code null} makes it an ordinary flag. */
        public Builder experiment(@Nullable Experiment experiment) {
            this.experiment = experiment;
            return this;
        }

        /** Builds the definition; call {@link Definitions#validate()} to check it. */
        public FlagDefinition build() {
            Map<String, Object> builtVariants = variants;
            @Nullable String builtOffVariant = offVariant;
            if (type == FlagType.BOOLEAN && variants.isEmpty()) {
                builtVariants = new LinkedHashMap<>();
                builtVariants.put("on", true);
                builtVariants.put("off", false);
                if (!offVariantSet) {
                    builtOffVariant = "off";
                }
            }
            return new FlagDefinition(
                    key,
                    type,
                    builtVariants,
                    defaultVariant,
                    builtOffVariant,
                    description,
                    owner,
                    tags,
                    created,
                    reviewBy,
                    status,
                    activeFrom,
                    activeUntil,
                    environments,
                    bucketBy,
                    salt,
                    prerequisites,
                    targets,
                    rules,
                    fallthrough,
                    metadata,
                    experiment);
        }
    }
}
