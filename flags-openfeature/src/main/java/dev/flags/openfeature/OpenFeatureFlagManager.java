package dev.flags.openfeature;

import static java.util.Objects.requireNonNull;

import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.FlagManagerCallbacks;
import dev.flags.FlagMemo;
import dev.flags.InspectableFlagManager;
import dev.flags.MemoScope;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagType;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FlagManager} API over any OpenFeature provider (flagd, a vendor's, the SDK's
 * {@code InMemoryProvider}) instead of this library's engine, so that code written against
 * {@code FlagManager} keeps working when the flags live in another system.
 *
 * <pre>{@code
 * FlagManager flags = OpenFeatureFlagManager.of(new FlagdProvider());
 * boolean on = flags.isEnabled("new-checkout", EvaluationContext.of(userId));
 * }</pre>
 *
 * <p>What works as with the engine: typed getters and their details (value, variant, reason, error
 * code and message, flag metadata, and the matched rule when the provider reports
 * {@value FlagsProvider#RULE_ID} in the metadata, as {@link FlagsProvider} does), untyped and bulk
 * {@link #evaluate(java.util.Collection, EvaluationContext) evaluation of given keys}, memos,
 * {@link EvaluationHook}s, and {@link FlagChangeListener}s, which hear of the provider's
 * configuration changes, of its stale and error events ({@code loadFailed}, with the provider's
 * name as source) and of its becoming ready again ({@code loadRecovered}). Evaluation never throws.
 *
 * <p>What a provider cannot say, and how this manager answers, rather than guess:
 *
 * <ul>
 *   <li>OpenFeature cannot list flags: {@link #evaluateAll} returns an empty map and
 *       {@link #definitions()} {@link Definitions#EMPTY}. Evaluate known keys with
 *       {@link #evaluate(java.util.Collection, EvaluationContext)} instead.
 *   <li>OpenFeature has no untyped evaluation: {@link #evaluate(String, EvaluationContext)} asks as
 *       boolean, string, integer, double and object in turn until the provider stops answering
 *       {@code TYPE_MISMATCH}, and remembers the type per key. Client and API hooks registered with
 *       the SDK see those probing calls too.
 *   <li>Reasons without a counterpart here ({@code CACHED}, {@code UNKNOWN}, a provider's own, or
 *       none) become {@link Reason#DEFAULT} with the provider's reason in
 *       {@link EvaluationDetails#detail()}. Error codes without a counterpart
 *       ({@code PROVIDER_NOT_READY}, {@code PROVIDER_FATAL}) become {@link ErrorCode#GENERAL} and
 *       {@code TARGETING_KEY_MISSING} becomes {@link ErrorCode#INVALID_CONTEXT}, with the original
 *       code leading the message.
 *   <li>A configuration change that names no flags is reported to listeners as a change of every
 *       flag this manager has evaluated so far.
 * </ul>
 *
 * <p>Contexts convert without loss, {@code groups} and {@code environment} as attributes of those
 * names; see {@link FlagsProvider}.
 */
public final class OpenFeatureFlagManager implements InspectableFlagManager {

    private static final Logger log = LoggerFactory.getLogger(OpenFeatureFlagManager.class);
    /** How often the same hook failing for the same flag may be logged, as the engine's default. */
    private static final Duration HOOK_ERROR_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final FlagType[] PROBE_ORDER = {
        FlagType.BOOLEAN, FlagType.STRING, FlagType.INTEGER, FlagType.DOUBLE, FlagType.OBJECT
    };
    private static final Value NO_OBJECT = new Value();

    private final Client client;
    private final @Nullable OpenFeatureAPI ownedApi;
    private final String providerName;
    private final MemoScope memoScope;
    private final FlagMemo emptyView;
    private final FlagManagerCallbacks callbacks = new FlagManagerCallbacks(log, HOOK_ERROR_LOG_INTERVAL);
    private final Map<String, FlagType> knownTypes = new ConcurrentHashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final Consumer<EventDetails> onChanged = this::configurationChanged;
    private final Consumer<EventDetails> onStale = details -> failed(ProviderEvent.PROVIDER_STALE, details);
    private final Consumer<EventDetails> onError = details -> failed(ProviderEvent.PROVIDER_ERROR, details);
    private final Consumer<EventDetails> onReady = this::ready;

    private OpenFeatureFlagManager(
            Client client, @Nullable OpenFeatureAPI ownedApi, String providerName, MemoScope memoScope) {
        this.client = client;
        this.ownedApi = ownedApi;
        this.providerName = providerName;
        this.memoScope = memoScope;
        this.emptyView = FlagMemo.unmemoized(this, EvaluationContext.EMPTY);
        client.on(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, onChanged);
        client.on(ProviderEvent.PROVIDER_STALE, onStale);
        client.on(ProviderEvent.PROVIDER_ERROR, onError);
        client.on(ProviderEvent.PROVIDER_READY, onReady);
    }

    /**
     * A manager over a provider of its own: the provider is registered with an isolated OpenFeature
     * API (not the global one) and initialized before this method returns. A provider that fails
     * to initialize is logged; evaluations then return the caller's default with an error until
     * the provider reports that it is ready. {@link #close()} shuts the provider down.
     *
     * @param provider the provider that evaluates; not registered with any other OpenFeature API
     * @return the manager
     * @throws IllegalStateException when the provider is registered with another API already
     */
    public static OpenFeatureFlagManager of(FeatureProvider provider) {
        requireNonNull(provider, "provider");
        OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
        try {
            api.setProviderAndWait(provider);
        } catch (OpenFeatureError e) { // the SDK keeps the provider in error state; it may recover
            log.error(
                    "OpenFeature provider {} failed to initialize; flags return the caller's default until it is ready",
                    provider.getMetadata().getName(),
                    e);
        }
        return new OpenFeatureFlagManager(
                api.getClient(), api, provider.getMetadata().getName(), MemoScope.NONE);
    }

    /**
     * A manager over an OpenFeature client, for example {@code OpenFeatureAPI.getInstance().getClient()};
     * the client's provider, API and hooks stay the caller's to manage.
     *
     * @param client the client that evaluates
     * @return the manager
     */
    public static OpenFeatureFlagManager of(Client client) {
        return of(client, MemoScope.NONE);
    }

    /**
     * A manager over an OpenFeature client whose context-free calls use the current unit of work's
     * memo, as the engine's {@link dev.flags.FlagManagerBuilder#memoScope(MemoScope)} does.
     *
     * @param client the client that evaluates
     * @param memoScope where context-free calls find the current memo
     * @return the manager
     */
    public static OpenFeatureFlagManager of(Client client, MemoScope memoScope) {
        requireNonNull(client, "client");
        requireNonNull(memoScope, "memoScope");
        String name = client.getMetadata().getDomain();
        return new OpenFeatureFlagManager(client, null, name == null ? "openfeature" : name, memoScope);
    }

    // ---- evaluation ----

    @Override
    public EvaluationDetails<Boolean> getBooleanDetails(String key, boolean defaultValue, EvaluationContext context) {
        return withHooks(
                key, FlagType.BOOLEAN, defaultValue, context, () -> booleanDetails(key, defaultValue, context));
    }

    @Override
    public EvaluationDetails<String> getStringDetails(String key, String defaultValue, EvaluationContext context) {
        return withHooks(key, FlagType.STRING, defaultValue, context, () -> stringDetails(key, defaultValue, context));
    }

    @Override
    public EvaluationDetails<Integer> getIntegerDetails(String key, int defaultValue, EvaluationContext context) {
        return withHooks(
                key, FlagType.INTEGER, defaultValue, context, () -> integerDetails(key, defaultValue, context));
    }

    @Override
    public EvaluationDetails<Double> getDoubleDetails(String key, double defaultValue, EvaluationContext context) {
        return withHooks(key, FlagType.DOUBLE, defaultValue, context, () -> doubleDetails(key, defaultValue, context));
    }

    @Override
    public EvaluationDetails<Object> getObjectDetails(String key, Object defaultValue, EvaluationContext context) {
        return withHooks(key, FlagType.OBJECT, defaultValue, context, () -> objectDetails(key, defaultValue, context));
    }

    /**
     * Evaluates a flag of a type this manager learns by asking; see the type's documentation. The
     * value is {@code null} when no variant is served.
     */
    @Override
    public EvaluationDetails<Object> evaluate(String key, EvaluationContext context) {
        return withHooks(key, null, null, context, () -> probe(key, context));
    }

    /**
     * Returns an empty map: an OpenFeature provider cannot list its flags. Use
     * {@link #evaluate(java.util.Collection, EvaluationContext)} with the keys you need.
     */
    @Override
    public Map<String, EvaluationDetails<Object>> evaluateAll(EvaluationContext context) {
        return Map.of();
    }

    private EvaluationDetails<Boolean> booleanDetails(String key, boolean defaultValue, EvaluationContext context) {
        return details(client.getBooleanDetails(key, defaultValue, Conversions.toOpenFeature(context)), defaultValue);
    }

    private EvaluationDetails<String> stringDetails(String key, String defaultValue, EvaluationContext context) {
        return details(client.getStringDetails(key, defaultValue, Conversions.toOpenFeature(context)), defaultValue);
    }

    private EvaluationDetails<Integer> integerDetails(String key, int defaultValue, EvaluationContext context) {
        return details(client.getIntegerDetails(key, defaultValue, Conversions.toOpenFeature(context)), defaultValue);
    }

    private EvaluationDetails<Double> doubleDetails(String key, double defaultValue, EvaluationContext context) {
        return details(client.getDoubleDetails(key, defaultValue, Conversions.toOpenFeature(context)), defaultValue);
    }

    private EvaluationDetails<Object> objectDetails(
            String key, @Nullable Object defaultValue, EvaluationContext context) {
        Value fallback = defaultValue == null ? NO_OBJECT : Conversions.toValue(defaultValue);
        FlagEvaluationDetails<Value> details =
                client.getObjectDetails(key, fallback, Conversions.toOpenFeature(context));
        EvaluationDetails<Value> mapped = details(details, fallback);
        Object value = mapped.isError() || details.getValue() == fallback
                ? defaultValue
                : Conversions.toJava(details.getValue());
        return mapped.withValue(value);
    }

    /** Asks as each type in turn, starting with the one that answered last time. */
    private EvaluationDetails<Object> probe(String key, EvaluationContext context) {
        FlagType known = knownTypes.get(key);
        EvaluationDetails<?> last = null;
        if (known != null) {
            last = untyped(key, known, context);
            if (last.errorCode() != ErrorCode.TYPE_MISMATCH) {
                return withoutDefault(last);
            }
            knownTypes.remove(key, known);
        }
        for (FlagType type : PROBE_ORDER) {
            if (type == known) {
                continue;
            }
            last = untyped(key, type, context);
            if (last.errorCode() != ErrorCode.TYPE_MISMATCH) {
                if (!last.isError()) {
                    knownTypes.put(key, type);
                }
                return withoutDefault(last);
            }
        }
        return EvaluationDetails.error(
                key,
                null,
                ErrorCode.TYPE_MISMATCH,
                "flag '" + key + "' answered TYPE_MISMATCH as every type: "
                        + (last == null ? "" : last.errorMessage()));
    }

    private EvaluationDetails<?> untyped(String key, FlagType type, EvaluationContext context) {
        return switch (type) {
            case BOOLEAN -> booleanDetails(key, false, context);
            case STRING -> stringDetails(key, "", context);
            case INTEGER -> integerDetails(key, 0, context);
            case DOUBLE -> doubleDetails(key, 0.0, context);
            case OBJECT -> objectDetails(key, null, context);
        };
    }

    /** An untyped evaluation has no caller's default: no value unless the provider served one. */
    private static EvaluationDetails<Object> withoutDefault(EvaluationDetails<?> details) {
        boolean noneServed = details.isError() || (details.variant() == null && details.reason() == Reason.DISABLED);
        return details.withValue(noneServed ? null : details.value());
    }

    /** Maps the SDK's details, which carry the caller's default already when the evaluation failed. */
    private <T> EvaluationDetails<T> details(FlagEvaluationDetails<T> details, T defaultValue) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (details.getFlagMetadata() != null) {
            metadata.putAll(details.getFlagMetadata().asUnmodifiableMap());
        }
        Object ruleId = metadata.remove(FlagsProvider.RULE_ID);
        metadata.values().removeIf(java.util.Objects::isNull);
        dev.openfeature.sdk.ErrorCode code = details.getErrorCode();
        String key = details.getFlagKey() == null ? "" : details.getFlagKey();
        if (code != null) {
            String message = details.getErrorMessage() == null ? code.name() : details.getErrorMessage();
            ErrorCode mapped = switch (code) {
                case FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
                case TYPE_MISMATCH -> ErrorCode.TYPE_MISMATCH;
                case PARSE_ERROR -> ErrorCode.PARSE_ERROR;
                case INVALID_CONTEXT -> ErrorCode.INVALID_CONTEXT;
                case GENERAL -> ErrorCode.GENERAL;
                case TARGETING_KEY_MISSING -> ErrorCode.INVALID_CONTEXT;
                case PROVIDER_NOT_READY, PROVIDER_FATAL -> ErrorCode.GENERAL;
            };
            if (!code.name().equals(mapped.name())) {
                message = code.name() + ": " + message;
            }
            return new EvaluationDetails<>(key, defaultValue, null, Reason.ERROR, mapped, message, null, metadata);
        }
        Reason reason = reason(details.getReason());
        String detail = reason == Reason.DEFAULT && !Reason.DEFAULT.name().equals(details.getReason())
                ? "provider reason: " + details.getReason()
                : null;
        T value = details.getValue() == null ? defaultValue : details.getValue();
        return new EvaluationDetails<>(
                key,
                value,
                details.getVariant(),
                reason,
                null,
                detail,
                ruleId instanceof String s ? s : null,
                metadata);
    }

    private static Reason reason(@Nullable String reason) {
        if (reason != null) {
            for (Reason candidate : Reason.values()) {
                if (candidate != Reason.ERROR && candidate.name().equals(reason)) {
                    return candidate;
                }
            }
        }
        return Reason.DEFAULT;
    }

    /**
     * Runs the hooks around an evaluation. The SDK's client catches whatever the provider throws;
     * the one broad catch here covers this manager's own conversions, because evaluation must never
     * throw into application code.
     */
    @SuppressWarnings("unchecked")
    private <T> EvaluationDetails<T> withHooks(
            String key,
            @Nullable FlagType type,
            @Nullable T defaultValue,
            EvaluationContext context,
            Supplier<EvaluationDetails<T>> evaluation) {
        FlagManagerCallbacks.HookedEvaluation hooked = callbacks.before(key, type, defaultValue, context);
        EvaluationDetails<T> result;
        try {
            result = evaluation.get();
        } catch (RuntimeException e) { // evaluation must never throw into application code
            log.error("Evaluating flag '{}' through OpenFeature failed; returning the caller's default", key, e);
            result = EvaluationDetails.error(key, defaultValue, ErrorCode.GENERAL, "evaluation failed: " + e);
        }
        if (hooked != null) {
            hooked.after(result);
        }
        return result;
    }

    @Override
    public FlagMemo current() {
        return callbacks.current(memoScope, emptyView);
    }

    // ---- definitions, listeners, hooks ----

    /** Returns {@link Definitions#EMPTY}: an OpenFeature provider does not expose its definitions. */
    @Override
    public Definitions definitions() {
        return Definitions.EMPTY;
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

    /** Stops listening to the provider's events and shuts down a provider this manager registered. */
    @Override
    public void close() {
        client.removeHandler(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, onChanged);
        client.removeHandler(ProviderEvent.PROVIDER_STALE, onStale);
        client.removeHandler(ProviderEvent.PROVIDER_ERROR, onError);
        client.removeHandler(ProviderEvent.PROVIDER_READY, onReady);
        if (ownedApi != null) {
            ownedApi.shutdown();
        }
    }

    // ---- provider events ----

    private void configurationChanged(EventDetails details) {
        List<String> named = details.getFlagsChanged();
        Set<String> changed = new LinkedHashSet<>(named == null ? List.of() : named);
        if (changed.isEmpty()) {
            changed.addAll(knownTypes.keySet());
        }
        callbacks.loadSucceeded(providerName);
        if (changed.isEmpty()) {
            return;
        }
        knownTypes.keySet().removeAll(changed);
        callbacks.flagsChanged(Collections.unmodifiableSet(changed));
    }

    private void failed(ProviderEvent event, EventDetails details) {
        failing.set(true);
        RuntimeException error =
                new IllegalStateException(event + (details.getMessage() == null ? "" : ": " + details.getMessage()));
        callbacks.loadFailed(providerName, error);
    }

    private void ready(EventDetails details) {
        if (failing.compareAndSet(true, false)) {
            callbacks.loadRecovered(providerName);
        }
    }
}
