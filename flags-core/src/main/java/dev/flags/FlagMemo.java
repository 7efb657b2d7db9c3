package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The evaluations of one context for the length of a unit of work, such as an HTTP request. Each
 * flag is evaluated the first time it is asked for; later calls get the same answer even if the
 * definitions change meanwhile, so one request never sees a flag flip halfway. Failed evaluations
 * are not remembered. Thread-safe.
 */
public final class FlagMemo {

    private final FlagManager manager;
    private final EvaluationContext context;
    private final @Nullable Map<String, EvaluationDetails<Object>> answers;

    FlagMemo(FlagManager manager, EvaluationContext context, boolean memoize) {
        this.manager = requireNonNull(manager, "manager");
        this.context = requireNonNull(context, "context");
        this.answers = memoize ? new ConcurrentHashMap<>() : null;
    }

    /**
     * A view that evaluates for a context without remembering anything, for {@link FlagManager}
     * implementations whose {@link FlagManager#current()} has no memo to offer.
     *
     * @param manager the manager evaluating
     * @param context the context
     * @return the view
     */
    public static FlagMemo unmemoized(FlagManager manager, EvaluationContext context) {
        return new FlagMemo(manager, context, false);
    }

    /** The context this memo evaluates for. */
    public EvaluationContext context() {
        return context;
    }

    /** Whether a boolean flag is on; {@code false} when it cannot be evaluated. */
    public boolean isEnabled(String key) {
        return getBoolean(key, false);
    }

    /** Evaluates a boolean flag. */
    public boolean getBoolean(String key, boolean defaultValue) {
        Boolean value = getBooleanDetails(key, defaultValue).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates a string flag. */
    public String getString(String key, String defaultValue) {
        String value = getStringDetails(key, defaultValue).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates an integer flag. */
    public int getInteger(String key, int defaultValue) {
        Integer value = getIntegerDetails(key, defaultValue).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates a double flag. */
    public double getDouble(String key, double defaultValue) {
        Double value = getDoubleDetails(key, defaultValue).value();
        return value == null ? defaultValue : value;
    }

    /** Evaluates an object (JSON) flag. */
    public Object getObject(String key, Object defaultValue) {
        Object value = getObjectDetails(key, defaultValue).value();
        return value == null ? defaultValue : value;
    }

    /** The variant served, or {@code null} when none is. */
    public @Nullable String getVariant(String key) {
        return evaluate(key).variant();
    }

    /** Evaluates a flag of any type; see {@link FlagManager#evaluate(String, EvaluationContext)}. */
    public EvaluationDetails<Object> evaluate(String key) {
        if (answers == null) {
            return manager.evaluate(key, context);
        }
        EvaluationDetails<Object> answer = answers.get(key);
        if (answer != null) {
            return answer;
        }
        answer = manager.evaluate(key, context);
        remember(key, answer);
        return answer;
    }

    /** Evaluates a boolean flag with full details. */
    public EvaluationDetails<Boolean> getBooleanDetails(String key, boolean defaultValue) {
        EvaluationDetails<Boolean> known = recall(key, FlagType.BOOLEAN, defaultValue);
        return known != null ? known : remember(key, manager.getBooleanDetails(key, defaultValue, context));
    }

    /** Evaluates a string flag with full details. */
    public EvaluationDetails<String> getStringDetails(String key, String defaultValue) {
        EvaluationDetails<String> known = recall(key, FlagType.STRING, defaultValue);
        return known != null ? known : remember(key, manager.getStringDetails(key, defaultValue, context));
    }

    /** Evaluates an integer flag with full details. */
    public EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue) {
        EvaluationDetails<Integer> known = recall(key, FlagType.INTEGER, defaultValue);
        return known != null ? known : remember(key, manager.getIntegerDetails(key, defaultValue, context));
    }

    /** Evaluates a double flag with full details. */
    public EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue) {
        EvaluationDetails<Double> known = recall(key, FlagType.DOUBLE, defaultValue);
        return known != null ? known : remember(key, manager.getDoubleDetails(key, defaultValue, context));
    }

    /** Evaluates an object (JSON) flag with full details. */
    public EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue) {
        EvaluationDetails<Object> known = recall(key, FlagType.OBJECT, defaultValue);
        return known != null ? known : remember(key, manager.getObjectDetails(key, defaultValue, context));
    }

    @SuppressWarnings("unchecked")
    private <T> @Nullable EvaluationDetails<T> recall(String key, FlagType type, T defaultValue) {
        if (answers == null) {
            return null;
        }
        EvaluationDetails<Object> answer = answers.get(key);
        if (answer == null) {
            return null;
        }
        if (answer.variant() == null) {
            return answer.withValue(defaultValue); // off without an off variant: the caller's default
        }
        // Asked as another type than the remembered answer: let the manager report the mismatch.
        return type.accepts(answer.value()) ? (EvaluationDetails<T>) answer : null;
    }

    @SuppressWarnings("unchecked")
    private <T> EvaluationDetails<T> remember(String key, EvaluationDetails<T> answer) {
        if (answers != null && !answer.isError()) {
            answers.putIfAbsent(key, (EvaluationDetails<Object>) answer);
        }
        return answer;
    }
}
