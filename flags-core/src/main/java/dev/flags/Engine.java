package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.SegmentDefinition;
import dev.flags.source.FlagSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FlagManager} over compiled snapshots. Loads and validates all sources together,
 * publishes each valid result with one volatile write, keeps the last good snapshot when a change
 * is invalid, and turns every failure into the caller's default.
 */
final class Engine implements FlagManager {

    private static final Logger log = LoggerFactory.getLogger(FlagManager.class);
    private static final EvaluationHook[] NO_HOOKS = new EvaluationHook[0];

    private final List<FlagSource> sources;
    private final Evaluator evaluator;
    private final RateLimitedLog rateLimitedLog;
    private final MemoScope memoScope;
    private final @Nullable String sensitiveTag;
    private final @Nullable EvaluationGuard guard;
    private final FlagMemo emptyView;
    private final List<FlagChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> watches = new ArrayList<>();
    private volatile EvaluationHook[] hooks;
    private volatile Snapshot snapshot;
    // Guarded by "this": the last good definitions of each source and which sources are failing.
    private final Definitions[] loaded;
    private final boolean[] failing;

    Engine(FlagManagerBuilder builder) {
        this.sources = List.copyOf(builder.sources);
        this.rateLimitedLog = new RateLimitedLog(builder.errorLogInterval);
        this.evaluator = new Evaluator(builder.clock, builder.environment, rateLimitedLog);
        this.memoScope = builder.memoScope;
        this.sensitiveTag = builder.sensitiveTag;
        this.guard = builder.guard;
        this.emptyView = FlagMemo.unmemoized(this, EvaluationContext.EMPTY);
        this.hooks = builder.hooks.toArray(NO_HOOKS);
        this.listeners.addAll(builder.listeners);
        this.loaded = new Definitions[sources.size()];
        this.failing = new boolean[sources.size()];
        List<DefinitionError> errors = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            try {
                loaded[i] = sources.get(i).load();
            } catch (DefinitionsException e) {
                errors.addAll(e.errors());
                loaded[i] = Definitions.EMPTY;
            }
        }
        if (!errors.isEmpty()) {
            throw new DefinitionsException(errors);
        }
        this.snapshot = compile(loaded);
        if (builder.watch) {
            for (int i = 0; i < sources.size(); i++) {
                int index = i;
                watches.add(sources.get(i).watch(() -> reload(index)));
            }
        }
    }

    /** Merges the sources' definitions, validates them together and compiles them. */
    private Snapshot compile(Definitions[] perSource) {
        List<FlagDefinition> flags = new ArrayList<>();
        List<SegmentDefinition> segments = new ArrayList<>();
        Map<String, String> origin = new HashMap<>();
        for (int i = 0; i < perSource.length; i++) {
            String name = sources.get(i).name();
            for (FlagDefinition flag : perSource[i].flags()) {
                flags.add(flag);
                origin.merge("flags." + flag.key(), name, (first, later) -> later);
            }
            for (SegmentDefinition segment : perSource[i].segments()) {
                segments.add(segment);
                origin.merge("segments." + segment.key(), name, (first, later) -> later);
            }
        }
        Definitions merged = new Definitions(flags, segments);
        List<DefinitionError> errors = merged.validate();
        if (!errors.isEmpty()) {
            throw new DefinitionsException(errors.stream()
                    .map(e -> e.withSource(originOf(e.path(), origin)))
                    .toList());
        }
        return SnapshotCompiler.compile(merged, sensitiveTag);
    }

    private String originOf(String path, Map<String, String> origin) {
        String best = null;
        for (Map.Entry<String, String> entry : origin.entrySet()) {
            String prefix = entry.getKey();
            if ((path.equals(prefix) || path.startsWith(prefix + "."))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null
                ? (sources.size() == 1 ? sources.get(0).name() : "definitions")
                : requireNonNull(origin.get(best), "origin");
    }

    /** Loads one source again; applies the result if everything together is valid, else keeps the last good. */
    synchronized void reload(int index) {
        FlagSource source = sources.get(index);
        Definitions[] candidate = loaded.clone();
        Snapshot next;
        try {
            candidate[index] = source.load();
            next = compile(candidate);
        } catch (RuntimeException e) { // a source may fail in any way; evaluation keeps the last good snapshot
            failing[index] = true;
            log.error(
                    "Flag definitions from {} were not applied; the last good definitions stay in force.\n{}",
                    source.name(),
                    e.getMessage());
            for (FlagChangeListener listener : listeners) {
                notify(listener, l -> l.loadFailed(source.name(), e));
            }
            return;
        }
        Snapshot previous = snapshot;
        System.arraycopy(candidate, 0, loaded, 0, loaded.length);
        snapshot = next;
        Set<String> changed = ChangedKeys.between(previous.definitions, next.definitions);
        log.info("Flag definitions from {} applied; {} flag(s) changed", source.name(), changed.size());
        for (FlagChangeListener listener : listeners) {
            notify(listener, l -> l.loadSucceeded(source.name()));
        }
        if (failing[index]) {
            failing[index] = false;
            for (FlagChangeListener listener : listeners) {
                notify(listener, l -> l.loadRecovered(source.name()));
            }
        }
        if (!changed.isEmpty()) {
            Set<String> keys = Collections.unmodifiableSet(changed);
            for (FlagChangeListener listener : listeners) {
                notify(listener, l -> l.flagsChanged(keys));
            }
        }
    }

    /** Reloads every source, as a watch would. */
    void reloadAll() {
        for (int i = 0; i < sources.size(); i++) {
            reload(i);
        }
    }

    private static void notify(FlagChangeListener listener, java.util.function.Consumer<FlagChangeListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) { // a listener's failure must not stop the others or the reload
            log.error("Flag change listener {} failed", listener, e);
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

    /** The flag when the shortcut applies: no hooks, a non-null key and context, a flag of that type. */
    private @Nullable CompiledFlag shortcut(@Nullable String key, FlagType type, @Nullable EvaluationContext context) {
        if (key == null || context == null || hooks.length > 0) {
            return null;
        }
        CompiledFlag flag = snapshot.flag(key);
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
        return typed(snapshot, key, FlagType.BOOLEAN, defaultValue, context);
    }

    @Override
    public EvaluationDetails<String> getStringDetails(String key, String defaultValue, EvaluationContext context) {
        return typed(snapshot, key, FlagType.STRING, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue, EvaluationContext context) {
        return typed(snapshot, key, FlagType.INTEGER, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue, EvaluationContext context) {
        return typed(snapshot, key, FlagType.DOUBLE, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue, EvaluationContext context) {
        return typed(snapshot, key, FlagType.OBJECT, defaultValue, context);
    }

    @Override
    public EvaluationDetails<Object> evaluate(String key, EvaluationContext context) {
        return typed(snapshot, key, null, null, context);
    }

    /** Builds the context only for a flag that reads it, and never when hooks want to see it. */
    @Override
    public EvaluationDetails<Object> evaluate(
            String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            java.util.function.Supplier<EvaluationContext> context) {
        Snapshot current = snapshot;
        EvaluationContext built;
        try {
            CompiledFlag flag = key == null || hooks.length > 0 ? null : current.flag(key);
            built = flag != null && !flag.readsContext ? EvaluationContext.EMPTY : context.get();
        } catch (
                RuntimeException
                        e) { // the caller's context cannot be built: evaluate as an invalid context, never throw
            built = null;
        }
        return typed(current, key, type, defaultValue, built);
    }

    /** One snapshot for the whole call, so a bulk evaluation never mixes two versions of the flags. */
    @Override
    public Map<String, EvaluationDetails<Object>> evaluateAll(EvaluationContext context) {
        Snapshot current = snapshot;
        Map<String, EvaluationDetails<Object>> results = new LinkedHashMap<>();
        for (CompiledFlag flag : current.flags) {
            results.put(flag.key, typed(current, flag.key, null, null, context));
        }
        return Collections.unmodifiableMap(results);
    }

    @Override
    public Map<String, EvaluationDetails<Object>> evaluate(
            java.util.Collection<String> keys, EvaluationContext context) {
        Snapshot current = snapshot;
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
    @SuppressWarnings("unchecked")
    private <T> EvaluationDetails<T> typed(
            Snapshot current,
            String key,
            @Nullable FlagType type,
            @Nullable T defaultValue,
            @Nullable EvaluationContext context) {
        EvaluationHook[] currentHooks = hooks;
        HookContext hookContext = null;
        if (currentHooks.length > 0) {
            hookContext = new HookContext(
                    String.valueOf(key), type, defaultValue, context == null ? EvaluationContext.EMPTY : context);
            for (EvaluationHook hook : currentHooks) {
                runHook(hook, hookContext, null);
            }
        }
        EvaluationDetails<?> result;
        try {
            result = resolve(current, key, type, defaultValue, context);
        } catch (RuntimeException e) { // the one broad catch: evaluation must never throw into application code
            result = failure(String.valueOf(key), defaultValue, ErrorCode.GENERAL, "evaluation failed: " + e);
            if (rateLimitedLog.permits(key + "/exception")) {
                log.error("Evaluating flag '{}' failed; returning the caller's default", key, e);
            }
        }
        if (hookContext != null) {
            for (EvaluationHook hook : currentHooks) {
                runHook(hook, hookContext, result);
            }
        }
        return (EvaluationDetails<T>) result;
    }

    private <T> EvaluationDetails<?> resolve(
            Snapshot current,
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
        CompiledFlag flag = current.flag(key);
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

    private void runHook(EvaluationHook hook, HookContext context, @Nullable EvaluationDetails<?> result) {
        try {
            if (result == null) {
                hook.before(context);
            } else if (result.isError()) {
                hook.error(context, result);
            } else {
                hook.after(context, result);
            }
        } catch (RuntimeException e) { // a hook's failure must not change the evaluation
            if (rateLimitedLog.permits(
                    context.flagKey() + "/hook/" + hook.getClass().getName())) {
                log.error("Evaluation hook {} failed for flag '{}'", hook, context.flagKey(), e);
            }
        }
    }

    @Override
    public Explanation explain(String key, EvaluationContext context) {
        EvaluationDetails<Object> details = evaluate(key, context);
        CompiledFlag flag = key == null || context == null ? null : snapshot.flag(key);
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
        FlagMemo memo;
        try {
            memo = memoScope.currentMemo();
        } catch (RuntimeException e) { // a broken scope must not break evaluation; fall back to the empty context
            if (rateLimitedLog.permits("memo-scope")) {
                log.error("Memo scope {} failed; evaluating for the empty context", memoScope, e);
            }
            memo = null;
        }
        return memo != null ? memo : emptyView;
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
        return snapshot.definitions;
    }

    @Override
    public void addListener(FlagChangeListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(FlagChangeListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized void addHook(EvaluationHook hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        EvaluationHook[] more = java.util.Arrays.copyOf(hooks, hooks.length + 1);
        more[hooks.length] = hook;
        hooks = more;
    }

    @Override
    public synchronized void removeHook(EvaluationHook hook) {
        hooks = java.util.Arrays.stream(hooks).filter(h -> h != hook).toArray(EvaluationHook[]::new);
    }

    @Override
    public void close() {
        synchronized (watches) {
            for (AutoCloseable watch : watches) {
                try {
                    watch.close();
                } catch (Exception e) { // closing is best effort; keep closing the others
                    log.warn("Could not stop watching a flag source", e);
                }
            }
            watches.clear();
        }
    }
}
