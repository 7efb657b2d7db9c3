package dev.flags;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What applications call to evaluate flags. Every method is safe to call from any thread and never
 * throws on evaluation: whatever goes wrong returns the caller's default, with reason
 * {@link Reason#ERROR} and an {@link ErrorCode} in the details forms.
 *
 * <p>Methods without an {@link EvaluationContext} evaluate for the current one: the memo of the
 * current unit of work when a {@link MemoScope} provides one (the Spring starter provides the
 * request's), else {@link EvaluationContext#EMPTY}.
 *
 * <p>Create one with {@link #builder()}. Tools and integrations that need the definitions or
 * untyped evaluation take an {@link InspectableFlagManager}, which every manager of this library is.
 */
public interface FlagManager extends AutoCloseable {

    /** Starts building a manager over this library's engine; it is an {@link InspectableFlagManager}. */
    static FlagManagerBuilder builder() {
        return new FlagManagerBuilder();
    }

    // ---- evaluation with an explicit context ----

    /**
     * Evaluates a boolean flag with full details.
     *
     * @param key the flag key
     * @param defaultValue returned when the flag cannot serve a variant
     * @param context who the flag is evaluated for
     * @return the details; never {@code null}
     */
    EvaluationDetails<Boolean> getBooleanDetails(String key, boolean defaultValue, EvaluationContext context);

    /** Evaluates a string flag with full details; see {@link #getBooleanDetails(String, boolean, EvaluationContext)}. */
    EvaluationDetails<String> getStringDetails(String key, String defaultValue, EvaluationContext context);

    /** Evaluates an integer flag with full details; see {@link #getBooleanDetails(String, boolean, EvaluationContext)}. */
    EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue, EvaluationContext context);

    /** Evaluates a double flag with full details; see {@link #getBooleanDetails(String, boolean, EvaluationContext)}. */
    EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue, EvaluationContext context);

    /**
     * Evaluates an object (JSON) flag with full details. Values are unmodifiable {@code Map<String,
     * Object>} or {@code List<Object>} trees; see
     * {@link #getBooleanDetails(String, boolean, EvaluationContext)}.
     */
    EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue, EvaluationContext context);

    /**
     * Evaluates a flag of any type. The value is {@code null} when no variant is served (the flag is
     * off without an off variant, or the evaluation failed).
     *
     * @param key the flag key
     * @param context who the flag is evaluated for
     * @return the details; never {@code null}
     */
    EvaluationDetails<Object> evaluate(String key, EvaluationContext context);

    /**
     * Evaluates every defined flag for one context, for example to bootstrap a front end.
     *
     * @param context who the flags are evaluated for
     * @return flag key to details, in definition order
     */
    Map<String, EvaluationDetails<Object>> evaluateAll(EvaluationContext context);

    /**
     * Evaluates the given flags for one context; unknown keys come back as {@link ErrorCode#FLAG_NOT_FOUND}.
     *
     * @param keys the flag keys
     * @param context who the flags are evaluated for
     * @return flag key to details, in the order given
     */
    default Map<String, EvaluationDetails<Object>> evaluate(Collection<String> keys, EvaluationContext context) {
        Map<String, EvaluationDetails<Object>> results = new java.util.LinkedHashMap<>();
        for (String key : keys) {
            results.put(key, evaluate(key, context));
        }
        return java.util.Collections.unmodifiableMap(results);
    }

    /** Whether a boolean flag is on for the context; {@code false} when it cannot be evaluated. */
    default boolean isEnabled(String key, EvaluationContext context) {
        return getBoolean(key, false, context);
    }

    /** Evaluates a boolean flag. */
    default boolean getBoolean(String key, boolean defaultValue, EvaluationContext context) {
        Boolean value = getBooleanDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates a string flag. */
    default String getString(String key, String defaultValue, EvaluationContext context) {
        String value = getStringDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates an integer flag. */
    default int getInteger(String key, int defaultValue, EvaluationContext context) {
        Integer value = getIntegerDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates a double flag. */
    default double getDouble(String key, double defaultValue, EvaluationContext context) {
        Double value = getDoubleDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates an object (JSON) flag. */
    default Object getObject(String key, Object defaultValue, EvaluationContext context) {
        Object value = getObjectDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    /**
     * The variant a flag serves to the context, whatever the flag's type.
     *
     * @return the variant name, or {@code null} when none is served (off without an off variant, or
     *     an error)
     */
    default @Nullable String getVariant(String key, EvaluationContext context) {
        return evaluate(key, context).variant();
    }

    /**
     * Evaluates a flag and says why: the bucket that decided a distribution or rollout and the
     * prerequisite chain. Slower than {@link #evaluate(String, EvaluationContext)}; meant for
     * operators and tools, not the request path.
     *
     * @param key the flag key
     * @param context who the flag is evaluated for
     * @return the explanation; only the details when the manager cannot say more
     */
    default Explanation explain(String key, EvaluationContext context) {
        return new Explanation(evaluate(key, context), null, null, null, java.util.List.of());
    }

    // ---- typed keys (generated typed flags, or FlagKey constants) ----

    /**
     * Whether a boolean flag is on for the context; {@code false} when it cannot be evaluated. The
     * compiler accepts only boolean keys.
     *
     * @param flag the typed key, for example {@code AppFlags.NEW_CHECKOUT}
     * @param context who the flag is evaluated for
     * @return whether the flag is on
     */
    default boolean isEnabled(FlagKey<Boolean> flag, EvaluationContext context) {
        Boolean value = getBooleanDetails(flag.key(), false, context).value();
        return value != null && value;
    }

    /**
     * Evaluates a typed flag; the key's {@linkplain FlagKey#defaultValue() default} when it cannot
     * serve a variant.
     *
     * @param flag the typed key
     * @param context who the flag is evaluated for
     * @param <T> the type of the flag's values
     * @return the value
     */
    default <T> T value(FlagKey<T> flag, EvaluationContext context) {
        return flag.valueOf(flag.details(this, context));
    }

    /**
     * Evaluates a typed flag with full details.
     *
     * @param flag the typed key
     * @param context who the flag is evaluated for
     * @param <T> the type of the flag's values
     * @return the details; never {@code null}
     */
    default <T> EvaluationDetails<T> details(FlagKey<T> flag, EvaluationContext context) {
        return flag.details(this, context);
    }

    /**
     * The variant a flag serves to the context, as the constant of its generated enum; the key's
     * {@linkplain VariantFlagKey#defaultVariant() default variant} when none of the enum's is served.
     *
     * @param flag the typed key with variants, for example {@code AppFlags.PRICING}
     * @param context who the flag is evaluated for
     * @param <V> the enum of the flag's variants
     * @return the variant; never {@code null}
     */
    default <V extends Enum<V> & TypedVariant> V variant(VariantFlagKey<?, V> flag, EvaluationContext context) {
        return flag.variant(flag.details(this, context).variant());
    }

    // ---- evaluation for the current context ----

    /**
     * The evaluations of the current unit of work: the {@link MemoScope}'s memo, or an unmemoized
     * view over {@link EvaluationContext#EMPTY}.
     */
    FlagMemo current();

    /** Whether a boolean flag is on for the current context. */
    default boolean isEnabled(String key) {
        return current().isEnabled(key);
    }

    /** Whether a boolean flag is on for the current context, through its typed key. */
    default boolean isEnabled(FlagKey<Boolean> flag) {
        Boolean value = current().getBooleanDetails(flag.key(), false).value();
        return value != null && value;
    }

    /** Evaluates a typed flag for the current context; see {@link #value(FlagKey, EvaluationContext)}. */
    default <T> T value(FlagKey<T> flag) {
        return flag.valueOf(flag.details(current()));
    }

    /** Evaluates a typed flag for the current context with full details. */
    default <T> EvaluationDetails<T> details(FlagKey<T> flag) {
        return flag.details(current());
    }

    /**
     * The variant a flag serves to the current context, as the constant of its generated enum; see
     * {@link #variant(VariantFlagKey, EvaluationContext)}.
     */
    default <V extends Enum<V> & TypedVariant> V variant(VariantFlagKey<?, V> flag) {
        return flag.variant(flag.details(current()).variant());
    }

    /** Evaluates a boolean flag for the current context. */
    default boolean getBoolean(String key, boolean defaultValue) {
        return current().getBoolean(key, defaultValue);
    }

    /** Evaluates a string flag for the current context. */
    default String getString(String key, String defaultValue) {
        return current().getString(key, defaultValue);
    }

    /** Evaluates an integer flag for the current context. */
    default int getInteger(String key, int defaultValue) {
        return current().getInteger(key, defaultValue);
    }

    /** Evaluates a double flag for the current context. */
    default double getDouble(String key, double defaultValue) {
        return current().getDouble(key, defaultValue);
    }

    /** Evaluates an object (JSON) flag for the current context. */
    default Object getObject(String key, Object defaultValue) {
        return current().getObject(key, defaultValue);
    }

    /** The variant a flag serves to the current context, or {@code null}. */
    default @Nullable String getVariant(String key) {
        return current().getVariant(key);
    }

    /** Evaluates a boolean flag for the current context with full details. */
    default EvaluationDetails<Boolean> getBooleanDetails(String key, boolean defaultValue) {
        return current().getBooleanDetails(key, defaultValue);
    }

    /** Evaluates a string flag for the current context with full details. */
    default EvaluationDetails<String> getStringDetails(String key, String defaultValue) {
        return current().getStringDetails(key, defaultValue);
    }

    /** Evaluates an integer flag for the current context with full details. */
    default EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue) {
        return current().getIntegerDetails(key, defaultValue);
    }

    /** Evaluates a double flag for the current context with full details. */
    default EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue) {
        return current().getDoubleDetails(key, defaultValue);
    }

    /** Evaluates an object flag for the current context with full details. */
    default EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue) {
        return current().getObjectDetails(key, defaultValue);
    }

    /**
     * A memo for one context: each flag is evaluated at most once and keeps its answer for the
     * memo's life, even if definitions change meanwhile. Use one per request or unit of work.
     *
     * @param context who the flags are evaluated for
     * @return a new memo
     */
    default FlagMemo memo(EvaluationContext context) {
        return new FlagMemo(this, context, true);
    }

    // ---- listeners, hooks ----

    /** Registers a listener for definition changes and load failures. */
    void addListener(FlagChangeListener listener);

    /** Removes a listener. */
    void removeListener(FlagChangeListener listener);

    /** Registers a hook run around every evaluation. */
    void addHook(EvaluationHook hook);

    /** Removes a hook. */
    void removeHook(EvaluationHook hook);

    /** Stops watching sources and releases resources; evaluation keeps serving the last snapshot. */
    @Override
    void close();
}
