package dev.flags;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagType;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FlagManager} over compiled snapshots: the evaluation facade. Its {@link SourceLoader}
 * keeps the snapshot current; here every call reads that snapshot once, runs the hooks around the
 * evaluation and turns every failure into the caller's default.
 */
final class Engine implements InspectableFlagManager {

    private static final Logger log = LoggerFactory.getLogger(FlagManager.class);

    private final SourceLoader loader;
    private final Evaluator evaluator;
    private final RateLimitedLog rateLimitedLog;
    private final FlagManagerCallbacks callbacks;
    private final MemoScope memoScope;
    private final @Nullable EvaluationGuard guard;
    private final FlagMemo emptyView;

    Engine(FlagManagerBuilder builder) {
        this.rateLimitedLog = new RateLimitedLog(builder.errorLogInterval);
        this.evaluator = new Evaluator(builder.clock, builder.environment, rateLimitedLog);
        this.memoScope = builder.memoScope;
        this.guard = builder.guard;
        this.emptyView = FlagMemo.unmemoized(this, EvaluationContext.EMPTY);
        this.callbacks = new FlagManagerCallbacks(log, builder.errorLogInterval);
        builder.hooks.forEach(callbacks::addHook);
        builder.listeners.forEach(callbacks::addListener);
        this.loader = new SourceLoader(builder.sources, builder.sensitiveTag, callbacks);
        if (builder.watch) {
            loader.watch();
        }
    }

    // ---- evaluation ----

    /*
     * getBoolean and getString, the calls on most request paths, go straight to the evaluator when
     * nothing but a value is asked for: no hooks to run, the flag exists and has the type. Anything
     * else (errors, hooks, an exception) takes the details path, which handles and logs it. The
     * shortcut matters: the details path's layers kept the evaluator from being inlined.
     */

    @Override
    public boolean getBoolean(String key, boolean defaultValue, EvaluationContext context) {
        CompiledFlag flag = shortcut(key, FlagType.BOOLEAN, context);
        if (flag != null) {
            EvaluationDetails<Object> result = evaluateOrNull(flag, context);
            if (result != null) {
                Object value = result.value();
                return result.variant() == null || value == null ? defaultValue : (Boolean) value;
            }
        }
        Boolean value = getBooleanDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    @Override
    public String getString(String key, String defaultValue, EvaluationContext context) {
        CompiledFlag flag = shortcut(key, FlagType.STRING, context);
        if (flag != null) {
            EvaluationDetails<Object> result = evaluateOrNull(flag, context);
            if (result != null) {
                Object value = result.value();
                return result.variant() == null || value == null ? defaultValue : (String) value;
            }
        }
        String value = getStringDetails(key, defaultValue, context).value();
        return value == null ? defaultValue : value;
    }

    /** The flag when the shortcut applies: no hook registered, a non-null key and context, a flag of that type. */
    private @Nullable CompiledFlag shortcut(@Nullable String key, FlagType type, @Nullable EvaluationContext context) {
        if (key == null || context == null || callbacks.hasHooks()) {
            return null;
        }
        CompiledFlag flag = loader.snapshot().flag(key);
        return flag != null && flag.type == type && !flag.guarded ? flag : null;
    }

    /**
     * The evaluator's outcome, or {@code null} if it threw; the caller then takes the details path,
     * whose catch logs the failure and serves the default. Only there is the failure handled.
     */
    private @Nullable EvaluationDetails<Object> evaluateOrNull(CompiledFlag flag, EvaluationContext context) {
        try {
            return evaluator.evaluate(flag, context);
        } catch (RuntimeException e) { // handled by the details path the caller falls back to
            return null;
        }
    }

    @Override
    public EvaluationDetails<Boolean> getBooleanDetails(String key, boolean defaultValue, EvaluationContext context) {
        return typed(loader.snapshot(), key, FlagType.BOOLEAN, defaultValue, context);
    }

    @Override
    public EvaluationDetails<String> getStringDetails(String key, String defaultValue, EvaluationContext context) {
        return typed(loader.snapshot(), key, FlagType.STRING, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue, EvaluationContext context) {
        return typed(loader.snapshot(), key, FlagType.INTEGER, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue, EvaluationContext context) {
        return typed(loader.snapshot(), key, FlagType.DOUBLE, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue, EvaluationContext context) {
        return typed(loader.snapshot(), key, FlagType.OBJECT, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Object> evaluate(String key, EvaluationContext context) {
        return typed(loader.snapshot(), key, null, null, context);
    }

    /**
     * Builds the context only for a flag that reads it or an evaluation a hook wants with its inputs,
     * and with the groups and environment only where something reads them.
     */
    @Override
    public <C> EvaluationDetails<Object> evaluate(
            String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            C source,
            ContextConversion<? super C> toContext) {
        CompiledFlag flag = key == null ? null : loader.snapshot().flag(key);
        // The hooks are asked first: only a flag that reads the context, or a hook that wants the
        // inputs, makes the conversion worth its cost.
        FlagManagerCallbacks.HookedEvaluation hooked = callbacks.hasHooks() ? callbacks.interested(key) : null;
        boolean inputs = hooked != null && hooked.wantsInputs();
        EvaluationContext built;
        if (flag != null && !flag.readsContext && !inputs) {
            built = EvaluationContext.EMPTY;
        } else {
            try {
                built = toContext.convert(source, flag == null || flag.readsGroupsOrEnvironment || inputs);
            } catch (RuntimeException e) { // the caller's context cannot be built: an invalid context, never a throw
                built = null;
            }
        }
        return typed(flag, key, type, defaultValue, built, hooked);
    }

    /** One snapshot for the whole call, so a bulk evaluation never mixes two versions of the flags. */
    @Override
    public Map<String, EvaluationDetails<Object>> evaluateAll(EvaluationContext context) {
        Snapshot current = loader.snapshot();
        Map<String, EvaluationDetails<Object>> results = new LinkedHashMap<>();
        for (CompiledFlag flag : current.flags) {
            results.put(flag.key, typed(current, flag.key, null, null, context));
        }
        return Collections.unmodifiableMap(results);
    }

    @Override
    public Map<String, EvaluationDetails<Object>> evaluate(Collection<String> keys, EvaluationContext context) {
        Snapshot current = loader.snapshot();
        Map<String, EvaluationDetails<Object>> results = new LinkedHashMap<>();
        for (String key : keys) {
            results.put(key, typed(current, key, null, null, context));
        }
        return Collections.unmodifiableMap(results);
    }

    /**
     * Evaluates one flag and converts the outcome for the caller: the caller's default where no
     * variant is served, errors for unknown keys and type mismatches, and hooks around it all.
     */
    private <T> EvaluationDetails<T> typed(
            Snapshot current,
            String key,
            @Nullable FlagType type,
            @Nullable T defaultValue,
            @Nullable EvaluationContext context) {
        CompiledFlag flag = key == null ? null : current.flag(key);
        return typed(flag, key, type, defaultValue, context, callbacks.hasHooks() ? callbacks.interested(key) : null);
    }

    /** {@link #typed(Snapshot, String, FlagType, Object, EvaluationContext)} with the hooks already asked. */
    @SuppressWarnings("unchecked")
    private <T> EvaluationDetails<T> typed(
            @Nullable CompiledFlag flag,
            String key,
            @Nullable FlagType type,
            @Nullable T defaultValue,
            @Nullable EvaluationContext context,
            FlagManagerCallbacks.@Nullable HookedEvaluation hooked) {
        if (hooked != null) {
            hooked.begin(type, defaultValue, context, flag == null ? null : flag.hookContext(type));
        }
        EvaluationDetails<?> result;
        try {
            result = resolve(flag, key, type, defaultValue, context);
        } catch (RuntimeException e) { // the one broad catch: evaluation must never throw into application code
            result = failure(String.valueOf(key), defaultValue, ErrorCode.GENERAL, "evaluation failed: " + e);
            if (rateLimitedLog.permits(key + "/exception")) {
                log.error("Evaluating flag '{}' failed; returning the caller's default", key, e);
            }
        }
        if (hooked != null) {
            hooked.after(result);
        }
        return (EvaluationDetails<T>) result;
    }

    private <T> EvaluationDetails<?> resolve(
            @Nullable CompiledFlag flag,
            @Nullable String key,
            @Nullable FlagType type,
            @Nullable T defaultValue,
            @Nullable EvaluationContext context) {
        if (key == null) {
            return failure("null", defaultValue, ErrorCode.GENERAL, "flag key is null");
        }
        if (context == null) {
            return failure(key, defaultValue, ErrorCode.INVALID_CONTEXT, "evaluation context is null");
        }
        if (flag == null) {
            return failure(key, defaultValue, ErrorCode.FLAG_NOT_FOUND, "flag '" + key + "' is not defined");
        }
        if (type != null && flag.type != type) {
            return failure(
                    key,
                    defaultValue,
                    ErrorCode.TYPE_MISMATCH,
                    "flag '" + key + "' is of type " + flag.type.id() + ", not " + type.id());
        }
        if (flag.guarded && (guard == null || !guard.permits(flag.definition, context))) {
            return failure(
                    key, defaultValue, ErrorCode.GENERAL, "not permitted to evaluate sensitive flag '" + key + "'");
        }
        EvaluationDetails<Object> result = evaluator.evaluate(flag, context);
        return result.variant() == null && defaultValue != null ? result.withValue(defaultValue) : result;
    }

    private <T> EvaluationDetails<T> failure(String key, @Nullable T defaultValue, ErrorCode code, String message) {
        if (rateLimitedLog.permits(key + "/" + code)) {
            log.warn("Flag '{}': {} ({}); returning the caller's default", key, message, code);
        }
        return EvaluationDetails.error(key, defaultValue, code, message);
    }

    @Override
    public Explanation explain(String key, EvaluationContext context) {
        EvaluationDetails<Object> details = evaluate(key, context);
        CompiledFlag flag =
                key == null || context == null ? null : loader.snapshot().flag(key);
        if (flag == null || details.isError()) {
            return new Explanation(details, null, null, null, List.of());
        }
        try {
            return Explainer.explain(flag, context, details, evaluator);
        } catch (RuntimeException e) { // explaining is best effort; the outcome itself is known
            log.error("Explaining flag '{}' failed", key, e);
            return new Explanation(details, null, null, null, List.of());
        }
    }

    @Override
    public FlagMemo current() {
        return callbacks.current(memoScope, emptyView);
    }

    @Override
    public Map<String, Long> archivedFlagEvaluations() {
        Map<String, Long> counts = new HashMap<>();
        evaluator.archivedEvaluations().forEach((key, adder) -> counts.put(key, adder.sum()));
        return Map.copyOf(counts);
    }

    // ---- definitions, listeners, hooks ----

    @Override
    public Definitions definitions() {
        return loader.snapshot().definitions;
    }

    @Override
    public void addListener(FlagChangeListener listener) {
        callbacks.addListener(listener);
    }

    @Override
    public void removeListener(FlagChangeListener listener) {
        callbacks.removeListener(listener);
    }

    @Override
    public void addHook(EvaluationHook hook) {
        callbacks.addHook(hook);
    }

    @Override
    public void removeHook(EvaluationHook hook) {
        callbacks.removeHook(hook);
    }

    @Override
    public void close() {
        loader.close();
    }
}
