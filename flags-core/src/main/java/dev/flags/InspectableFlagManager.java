package dev.flags;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagType;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FlagManager} that also answers what tools and integrations built over it ask: the
 * definitions in force, how often archived flags are still evaluated, and an untyped evaluation
 * whose context is built only when the flag reads one. Applications evaluate through
 * {@link FlagManager}; the Actuator endpoint, the admin service, the annotation aspects, the
 * OpenFeature provider, experiments and the test kit take this type.
 *
 * <p>{@link FlagManager#builder()} builds one; in Spring the one {@code FlagManager} bean is this
 * type too, so it can be injected as either.
 */
public interface InspectableFlagManager extends FlagManager {

    /**
     * The definitions currently in force, as one validated set; empty when the flags come from a
     * provider that cannot list them.
     */
    Definitions definitions();

    /**
     * How often each archived flag was evaluated since start: code that still asks for an archived
     * flag is a cleanup candidate.
     *
     * @return flag key to count; empty when none was
     */
    default Map<String, Long> archivedFlagEvaluations() {
        return Map.of();
    }

    /**
     * Evaluates a flag for a context that is built only if the flag reads one or a hook that wants
     * the evaluation {@linkplain EvaluationHook.Interest#INPUTS wants its inputs}: a flag without
     * targeting is otherwise served without calling {@code context}. For adapters whose contexts are costly to
     * convert, such as the OpenFeature provider. A context that cannot be built (the supplier
     * throws or returns {@code null}) is {@link ErrorCode#INVALID_CONTEXT}.
     *
     * @param key the flag key
     * @param type the type the caller expects ({@link ErrorCode#TYPE_MISMATCH} otherwise), or
     *     {@code null} for any
     * @param defaultValue returned when the flag cannot serve a variant, of {@code type}
     * @param context builds the context when needed
     * @return the details, whose value is of {@code type}; never {@code null}
     */
    default EvaluationDetails<Object> evaluate(
            String key, @Nullable FlagType type, @Nullable Object defaultValue, Supplier<EvaluationContext> context) {
        return evaluate(key, type, defaultValue, context, (supplier, groupsAndEnvironment) -> supplier.get());
    }

    /**
     * Converts a caller's own context type into an {@link EvaluationContext}, for
     * {@link #evaluate(String, FlagType, Object, Object, ContextConversion)}.
     *
     * @param <C> the caller's context type
     */
    @FunctionalInterface
    interface ContextConversion<C> {

        /**
         * The caller's context as this library's.
         *
         * @param source the caller's context
         * @param groupsAndEnvironment whether the evaluation may read the context's groups or
         *     environment; when {@code false}, nothing the evaluation does reads them, so the
         *     conversion may leave them out (no groups, no environment) where finding them costs
         * @return the context; {@code null} or a throw is {@link ErrorCode#INVALID_CONTEXT}
         */
        EvaluationContext convert(C source, boolean groupsAndEnvironment);
    }

    /**
     * Evaluates a flag for a context converted from the caller's own only if the flag reads one, as
     * {@link #evaluate(String, FlagType, Object, Supplier)} does, and told whether the evaluation
     * reads the groups or the environment (a flag's environments or sensitivity, a condition, segment
     * or bucketing on either, a prerequisite that does, or a hook that wants the inputs). With a
     * conversion that captures nothing (a static method reference), an evaluation allocates nothing
     * for it, where a supplier closing over the caller's context is one object per call.
     *
     * @param <C> the caller's context type
     * @param key the flag key
     * @param type the type the caller expects ({@link ErrorCode#TYPE_MISMATCH} otherwise), or
     *     {@code null} for any
     * @param defaultValue returned when the flag cannot serve a variant, of {@code type}
     * @param source the caller's context
     * @param toContext converts {@code source} when needed
     * @return the details, whose value is of {@code type}; never {@code null}
     */
    @SuppressWarnings("unchecked")
    default <C> EvaluationDetails<Object> evaluate(
            String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            C source,
            ContextConversion<? super C> toContext) {
        EvaluationContext built = toContext.convert(source, true);
        if (type == null) {
            return evaluate(key, built);
        }
        EvaluationDetails<?> details = switch (type) {
            case BOOLEAN -> getBooleanDetails(key, Boolean.TRUE.equals(defaultValue), built);
            case STRING -> getStringDetails(key, defaultValue instanceof String s ? s : "", built);
            case INTEGER -> getIntegerDetails(key, defaultValue instanceof Integer i ? i : 0, built);
            case DOUBLE -> getDoubleDetails(key, defaultValue instanceof Double d ? d : 0.0, built);
            case OBJECT -> getObjectDetails(key, defaultValue == null ? Map.of() : defaultValue, built);
        };
        return (EvaluationDetails<Object>) details;
    }
}
