package dev.flags.test;

import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.Explanation;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FlagManager} that answers flags overridden in {@link TestFlags} before its delegate. It
 * wraps any manager; one that is not an {@link InspectableFlagManager} shows no definitions and no
 * archived evaluations, as the OpenFeature bridge shows none.
 */
final class OverridingFlagManager implements InspectableFlagManager {

    private final FlagManager delegate;
    private final @Nullable InspectableFlagManager inspectable;

    OverridingFlagManager(FlagManager delegate) {
        this.delegate = delegate;
        this.inspectable = delegate instanceof InspectableFlagManager manager ? manager : null;
    }

    FlagManager delegate() {
        return delegate;
    }

    @Override
    public EvaluationDetails<Boolean> getBooleanDetails(String key, boolean defaultValue, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        return recorded(
                override == null
                        ? delegate.getBooleanDetails(key, defaultValue, context)
                        : typed(override, Boolean.class, defaultValue),
                context);
    }

    @Override
    public EvaluationDetails<String> getStringDetails(String key, String defaultValue, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        return recorded(
                override == null
                        ? delegate.getStringDetails(key, defaultValue, context)
                        : typed(override, String.class, defaultValue),
                context);
    }

    @Override
    public EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        return recorded(
                override == null
                        ? delegate.getIntegerDetails(key, defaultValue, context)
                        : typed(override, Integer.class, defaultValue),
                context);
    }

    @Override
    public EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        return recorded(
                override == null
                        ? delegate.getDoubleDetails(key, defaultValue, context)
                        : typed(override, Double.class, defaultValue),
                context);
    }

    @Override
    public EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        if (override == null) {
            return recorded(delegate.getObjectDetails(key, defaultValue, context), context);
        }
        return recorded(override.value() == null ? override.withValue(defaultValue) : override, context);
    }

    @Override
    public EvaluationDetails<Object> evaluate(String key, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        return recorded(override == null ? delegate.evaluate(key, context) : override, context);
    }

    /** Records a single-flag evaluation for {@link FlagsAssertions}; bulk and explain calls are not evaluations of the code. */
    private <T> EvaluationDetails<T> recorded(EvaluationDetails<T> details, EvaluationContext context) {
        TestFlags.record(details, context, definitions());
        return details;
    }

    @Override
    public Map<String, EvaluationDetails<Object>> evaluateAll(EvaluationContext context) {
        Map<String, EvaluationDetails<Object>> results = new LinkedHashMap<>(delegate.evaluateAll(context));
        results.replaceAll((key, details) -> {
            EvaluationDetails<Object> override = TestFlags.override(key, definitions());
            return override == null ? details : override;
        });
        return results;
    }

    @Override
    public Explanation explain(String key, EvaluationContext context) {
        EvaluationDetails<Object> override = TestFlags.override(key, definitions());
        return override == null
                ? delegate.explain(key, context)
                : new Explanation(override, null, null, null, List.of());
    }

    @Override
    public FlagMemo current() {
        FlagMemo memo = delegate.current();
        // A request's memo was made by memo(), on this manager, so it sees overrides. Outside a unit
        // of work the delegate answers with its own view over the empty context, which would not.
        return memo.context() == EvaluationContext.EMPTY ? FlagMemo.unmemoized(this, EvaluationContext.EMPTY) : memo;
    }

    @Override
    public Definitions definitions() {
        return inspectable == null ? Definitions.EMPTY : inspectable.definitions();
    }

    @Override
    public Map<String, Long> archivedFlagEvaluations() {
        return inspectable == null ? Map.of() : inspectable.archivedFlagEvaluations();
    }

    @Override
    public void addListener(FlagChangeListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void removeListener(FlagChangeListener listener) {
        delegate.removeListener(listener);
    }

    @Override
    public void addHook(EvaluationHook hook) {
        delegate.addHook(hook);
    }

    @Override
    public void removeHook(EvaluationHook hook) {
        delegate.removeHook(hook);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The override as the caller's type; a string is read as that type. */
    @SuppressWarnings("unchecked")
    private static <T> EvaluationDetails<T> typed(EvaluationDetails<Object> override, Class<T> type, T defaultValue) {
        Object value = override.value();
        if (value == null) {
            return override.withValue(defaultValue);
        }
        if (value instanceof String text && type != String.class) {
            value = parse(text, type);
        }
        if (type == Double.class && value instanceof Number n) {
            value = n.doubleValue();
        }
        if (type == Integer.class && value instanceof Number n && n.doubleValue() == n.intValue()) {
            value = n.intValue();
        }
        if (!type.isInstance(value)) {
            return EvaluationDetails.error(
                    override.flagKey(),
                    defaultValue,
                    ErrorCode.TYPE_MISMATCH,
                    "TestFlags override of '" + override.flagKey() + "' is " + value + ", not a "
                            + type.getSimpleName());
        }
        return override.withValue((T) value);
    }

    private static @Nullable Object parse(String text, Class<?> type) {
        try {
            if (type == Boolean.class) {
                return text.equals("true") || text.equals("false") ? Boolean.valueOf(text) : text;
            }
            if (type == Integer.class) {
                return Integer.valueOf(text);
            }
            if (type == Double.class) {
                return Double.valueOf(text);
            }
        } catch (NumberFormatException notANumber) {
            return text;
        }
        return text;
    }
}
