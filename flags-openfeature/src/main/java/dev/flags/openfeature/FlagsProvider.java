package dev.flags.openfeature;

import static java.util.Objects.requireNonNull;

import dev.flags.EvaluationDetails;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.FlagType;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenFeature provider that serves this library's flags: register it with the OpenFeature SDK
 * and evaluate through any OpenFeature client.
 *
 * <pre>{@code
 * OpenFeatureAPI.getInstance().setProviderAndWait(FlagsProvider.fromFile(Path.of("flags.yml")));
 * }</pre>
 *
 * <p>Evaluations map one to one: the value, the variant, the reason ({@code STATIC},
 * {@code TARGETING_MATCH}, {@code SPLIT}, {@code DEFAULT}, {@code DISABLED}, {@code ERROR}), the
 * error code ({@code FLAG_NOT_FOUND}, {@code TYPE_MISMATCH}, {@code PARSE_ERROR},
 * {@code INVALID_CONTEXT}, {@code GENERAL}) and message. Where no variant is served (an error, or a
 * flag that is off without an off variant) the caller's default comes back. Integer flags also
 * answer long evaluations. Object flags come back
 * as {@link Value} structures or lists, nested at any depth; asking for an object from a flag of
 * another type is {@code TYPE_MISMATCH}, primitives are never wrapped. The flag metadata holds the
 * flag's {@code metadata} entries with their types (string, integer, long, double, boolean), its
 * {@code owner}, {@code tags} (comma separated), {@code description} and {@code status} (when not
 * {@code active}) where set, and {@value #RULE_ID} with the id of the matched rule ({@code targets}
 * for an individual target).
 *
 * <p>An evaluation that serves one of the flag's variants (not an object) returns a
 * {@link ProviderEvaluation} shared by every evaluation that ends the same way, so its setters throw
 * {@link UnsupportedOperationException}; the client copies it into the details it returns anyway.
 *
 * <p>The OpenFeature context converts without loss: the targeting key (a blank one counts as none)
 * and every attribute, structures and lists nested at any depth, instants as instants. An attribute
 * {@code groups} (a string or a list of strings) becomes the context's groups and an attribute
 * {@code environment} (a string) its environment, for group and environment targeting.
 *
 * <p>Events: the SDK reports {@code PROVIDER_READY} once the first definitions loaded
 * ({@link #initialize}). Every later change emits {@code PROVIDER_CONFIGURATION_CHANGED} with the
 * keys of the flags that may evaluate differently. While a source fails to load, the provider emits
 * {@code PROVIDER_STALE} (not {@code PROVIDER_ERROR}: the last good definitions keep being served,
 * which is what stale means), and {@code PROVIDER_READY} again once every failing source loaded.
 *
 * <p>Tracking: {@code track} calls become {@link ConversionEvent}s for the provider's
 * {@link ExperimentEventSink}, by default {@link ExperimentEventSink#NONE}.
 *
 * <p>A provider created from a file, resource or source owns the {@link FlagManager} it builds in
 * {@link #initialize} and closes it on {@link #shutdown}; one created {@linkplain #of(InspectableFlagManager)
 * over a manager} leaves the manager to its owner. Like every {@link EventProvider}, a provider that
 * was shut down cannot be used again.
 */
public final class FlagsProvider extends EventProvider {

    /** The provider's name in OpenFeature metadata. */
    public static final String NAME = "flags";

    /** The flag metadata entry naming the matched rule ({@code targets} for an individual target). */
    public static final String RULE_ID = "ruleId";

    private static final Logger log = LoggerFactory.getLogger(FlagsProvider.class);
    private static final Metadata METADATA = () -> NAME;
    private static final dev.openfeature.sdk.EvaluationContext NO_CONTEXT = new ImmutableContext();
    private static final long SINK_WARNING_INTERVAL_NANOS = 60_000_000_000L;
    // Constants, not Boolean.class::cast at each call: a bound method reference is a new object every time.
    private static final Function<Object, Boolean> AS_BOOLEAN = served -> (Boolean) served;
    private static final Function<Object, String> AS_STRING = served -> (String) served;
    private static final Function<Object, Integer> AS_INTEGER = served -> (Integer) served;
    private static final Function<Object, Long> AS_LONG = served -> ((Integer) served).longValue();
    private static final Function<Object, Double> AS_DOUBLE = served -> (Double) served;

    private final @Nullable Supplier<InspectableFlagManager> managerFactory;
    private final ReentrantLock building = new ReentrantLock();
    private final ExperimentEventSink eventSink;
    private final Events events = new Events();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final Outcomes outcomes = new Outcomes();
    private final AtomicLong lastSinkWarning = new AtomicLong(System.nanoTime() - SINK_WARNING_INTERVAL_NANOS);
    private volatile @Nullable InspectableFlagManager manager;

    private FlagsProvider(
            @Nullable Supplier<InspectableFlagManager> managerFactory,
            @Nullable InspectableFlagManager manager,
            ExperimentEventSink eventSink) {
        this.managerFactory = managerFactory;
        this.manager = manager;
        this.eventSink = requireNonNull(eventSink, "eventSink");
    }

    /**
     * A provider over a YAML or JSON definitions file, loaded when the SDK initializes the provider
     * and watched for changes after that.
     *
     * @param file the definitions file
     * @return the provider
     */
    public static FlagsProvider fromFile(Path file) {
        requireNonNull(file, "file");
        return fromSource(FlagSources.file(file));
    }

    /**
     * A provider over a YAML or JSON classpath resource, loaded when the SDK initializes the
     * provider.
     *
     * @param resource the resource path, for example {@code flags.yml}
     * @return the provider
     */
    public static FlagsProvider fromClasspath(String resource) {
        requireNonNull(resource, "resource");
        return fromSource(FlagSources.classpath(resource));
    }

    /**
     * A provider over any source of definitions, loaded when the SDK initializes the provider and
     * watched for changes after that.
     *
     * @param source the source
     * @return the provider
     */
    public static FlagsProvider fromSource(FlagSource source) {
        requireNonNull(source, "source");
        return new FlagsProvider(() -> FlagManager.builder().source(source).build(), null, ExperimentEventSink.NONE);
    }

    /**
     * A provider over an existing manager, which stays its owner's to close.
     *
     * @param manager the manager that evaluates
     * @return the provider
     */
    public static FlagsProvider of(InspectableFlagManager manager) {
        return of(manager, ExperimentEventSink.NONE);
    }

    /**
     * A provider over an existing manager that hands {@code track} calls to a sink.
     *
     * @param manager the manager that evaluates, which stays its owner's to close
     * @param eventSink where conversions reported through {@code track} go
     * @return the provider
     */
    public static FlagsProvider of(InspectableFlagManager manager, ExperimentEventSink eventSink) {
        requireNonNull(manager, "manager");
        return new FlagsProvider(null, manager, eventSink);
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /**
     * None: the provider runs no hooks of its own. An immutable empty list, where the SDK's default
     * is a new list on every evaluation.
     */
    @Override
    public @SuppressWarnings("rawtypes") List<Hook> getProviderHooks() {
        return List.of();
    }

    /**
     * Loads the definitions (unless the provider runs over an existing manager) and starts turning
     * definition changes into provider events. Called by the SDK.
     *
     * @throws dev.flags.definition.DefinitionsException listing every problem, when the definitions
     *     are not valid; the SDK then reports the provider in error
     * @throws java.io.UncheckedIOException when a source cannot be read
     */
    @Override
    public void initialize(dev.openfeature.sdk.EvaluationContext evaluationContext) {
        InspectableFlagManager current = manager;
        if (current == null) {
            // a lock, not synchronized: building the manager loads its sources, which blocks, and a
            // virtual thread blocked inside synchronized pins its carrier on JDK 21 to 23
            building.lock();
            try {
                current = manager;
                if (current == null) {
                    current = requireNonNull(managerFactory, "managerFactory").get();
                    manager = current;
                }
            } finally {
                building.unlock();
            }
        }
        if (listening.compareAndSet(false, true)) {
            current.addListener(events);
        }
    }

    /** Stops emitting events and, if this provider built its manager, closes it. Called by the SDK. */
    @Override
    public void shutdown() {
        InspectableFlagManager current = manager;
        if (current != null) {
            if (listening.compareAndSet(true, false)) {
                current.removeListener(events);
            }
            if (managerFactory != null) {
                current.close();
            }
        }
        super.shutdown();
    }

    // ---- evaluation ----

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(
            String key, Boolean defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
        return resolve(key, defaultValue, ctx, FlagType.BOOLEAN, Boolean.TRUE.equals(defaultValue), AS_BOOLEAN);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(
            String key, String defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
        return resolve(key, defaultValue, ctx, FlagType.STRING, defaultValue == null ? "" : defaultValue, AS_STRING);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(
            String key, Integer defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
        return resolve(key, defaultValue, ctx, FlagType.INTEGER, defaultValue == null ? 0 : defaultValue, AS_INTEGER);
    }

    /** Evaluates an integer flag as a long; integer flags hold 32-bit values. */
    @Override
    public ProviderEvaluation<Long> getLongEvaluation(
            String key, Long defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
        return resolve(key, defaultValue, ctx, FlagType.INTEGER, 0, AS_LONG);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(
            String key, Double defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
        return resolve(key, defaultValue, ctx, FlagType.DOUBLE, defaultValue == null ? 0.0 : defaultValue, AS_DOUBLE);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(
            String key, Value defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
        return resolve(key, defaultValue, ctx, FlagType.OBJECT, Map.of(), Conversions::toValue);
    }

    /**
     * Evaluates through the manager and maps the outcome. The manager never throws, and reports a
     * context that cannot be converted as {@code INVALID_CONTEXT}.
     */
    private <T> ProviderEvaluation<T> resolve(
            String key,
            @Nullable T defaultValue,
            dev.openfeature.sdk.@Nullable EvaluationContext openFeatureContext,
            FlagType type,
            Object engineDefault,
            Function<Object, T> value) {
        InspectableFlagManager current = manager;
        if (current == null) {
            return error(defaultValue, ErrorCode.PROVIDER_NOT_READY, "provider not initialized");
        }
        // Converted only for a flag that reads the context (a flag without targeting skips the
        // conversion), and with the groups and environment only for one that reads them.
        EvaluationDetails<?> details = current.evaluate(
                key,
                type,
                engineDefault,
                openFeatureContext == null ? NO_CONTEXT : openFeatureContext,
                Conversions::toFlags);
        Object served = details.value();
        if (details.variant() != null && served != null && type != FlagType.OBJECT) {
            // the flag's own value: the same answer every time the engine ends in this outcome
            return outcomes.served(details, value);
        }
        // The caller's default, or an object value, which is converted into a new SDK structure each
        // time so that no caller shares one another may change. The constructor, not the builder:
        // one object less.
        return new ProviderEvaluation<>(
                details.variant() == null || served == null ? defaultValue : value.apply(served),
                details.variant(),
                reason(details.reason()),
                errorCode(details.errorCode()),
                details.errorMessage(),
                metadata(details));
    }

    private static <T> ProviderEvaluation<T> error(@Nullable T defaultValue, ErrorCode code, String message) {
        return ProviderEvaluation.<T>builder()
                .value(defaultValue)
                .reason(Reason.ERROR.name())
                .errorCode(code)
                .errorMessage(message)
                .build();
    }

    static String reason(dev.flags.Reason reason) {
        return switch (reason) {
            case STATIC -> Reason.STATIC.name();
            case TARGETING_MATCH -> Reason.TARGETING_MATCH.name();
            case SPLIT -> Reason.SPLIT.name();
            case DEFAULT -> Reason.DEFAULT.name();
            case DISABLED -> Reason.DISABLED.name();
            case ERROR -> Reason.ERROR.name();
        };
    }

    static @Nullable ErrorCode errorCode(dev.flags.@Nullable ErrorCode code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
            case TYPE_MISMATCH -> ErrorCode.TYPE_MISMATCH;
            case PARSE_ERROR -> ErrorCode.PARSE_ERROR;
            case INVALID_CONTEXT -> ErrorCode.INVALID_CONTEXT;
            case GENERAL -> ErrorCode.GENERAL;
        };
    }

    /**
     * Metadata of evaluations that carry only a rule id, by rule id: the same few rules match again
     * and again, and building the metadata is a builder and a map each time. Bounded, since rule ids
     * come from definitions that may change for as long as the application runs.
     */
    private static final Map<String, ImmutableMetadata> RULE_METADATA = new ConcurrentHashMap<>();

    private static final int RULE_METADATA_LIMIT = 4096;

    static ImmutableMetadata metadata(EvaluationDetails<?> details) {
        String ruleId = details.ruleId();
        if (details.flagMetadata().isEmpty()) {
            if (ruleId == null) {
                return ImmutableMetadata.EMPTY;
            }
            ImmutableMetadata cached = RULE_METADATA.get(ruleId);
            if (cached == null) {
                cached = ImmutableMetadata.builder().addString(RULE_ID, ruleId).build();
                if (RULE_METADATA.size() < RULE_METADATA_LIMIT) {
                    RULE_METADATA.put(ruleId, cached);
                }
            }
            return cached;
        }
        ImmutableMetadata.ImmutableMetadataBuilder builder = ImmutableMetadata.builder();
        details.flagMetadata().forEach((name, value) -> {
            if (value instanceof String s) {
                builder.addString(name, s);
            } else if (value instanceof Integer i) {
                builder.addInteger(name, i);
            } else if (value instanceof Long l) {
                builder.addLong(name, l);
            } else if (value instanceof Double d) {
                builder.addDouble(name, d);
            } else if (value instanceof Boolean b) {
                builder.addBoolean(name, b);
            } else if (value instanceof Number n) {
                builder.addDouble(name, n.doubleValue());
            } else {
                builder.addString(name, String.valueOf(value));
            }
        });
        if (details.ruleId() != null) {
            builder.addString(RULE_ID, details.ruleId());
        }
        return builder.build();
    }

    // ---- tracking ----

    /**
     * Hands a tracking event to the experiment event sink as a {@link ConversionEvent}: the event
     * name, the context converted like an evaluation's, the tracking value as a double and the other
     * details as normalized values. Never throws; a failing sink is logged at most once a minute.
     */
    @Override
    public void track(
            String eventName,
            dev.openfeature.sdk.@Nullable EvaluationContext context,
            @Nullable TrackingEventDetails details) {
        try {
            Double value = null;
            Map<String, Object> data = Map.of();
            if (details != null) {
                value = details.getValue().map(Number::doubleValue).orElse(null);
                data = Conversions.toJava(details);
            }
            eventSink.conversion(new ConversionEvent(eventName, Conversions.toFlags(context), value, data));
        } catch (RuntimeException e) { // tracking must never break the application that reports it
            long last = lastSinkWarning.get();
            long now = System.nanoTime();
            if (now - last >= SINK_WARNING_INTERVAL_NANOS && lastSinkWarning.compareAndSet(last, now)) {
                log.warn("Tracking event '{}' was not recorded by {}", eventName, eventSink, e);
            }
        }
    }

    // ---- events ----

    private void emitSafely(ProviderEvent event, ProviderEventDetails details) {
        try {
            emit(event, details);
        } catch (RejectedExecutionException e) { // shut down meanwhile: nobody is listening any more
            log.debug("Provider event {} dropped after shutdown", event);
        }
    }

    /** Turns the engine's change notifications into provider events. */
    private final class Events implements FlagChangeListener {

        private final Set<String> failingSources = ConcurrentHashMap.newKeySet();

        @Override
        public void flagsChanged(Set<String> changedKeys) {
            outcomes.clear();
            emitSafely(
                    ProviderEvent.PROVIDER_CONFIGURATION_CHANGED,
                    ProviderEventDetails.builder()
                            .flagsChanged(new ArrayList<>(changedKeys))
                            .message("flag definitions changed")
                            .build());
        }

        @Override
        public void loadFailed(String source, RuntimeException error) {
            failingSources.add(source);
            emitSafely(
                    ProviderEvent.PROVIDER_STALE,
                    ProviderEventDetails.builder()
                            .message("flag definitions from " + source
                                    + " failed to load; the last good definitions stay in force: "
                                    + error.getMessage())
                            .build());
        }

        @Override
        public void loadRecovered(String source) {
            if (failingSources.remove(source) && failingSources.isEmpty()) {
                emitSafely(
                        ProviderEvent.PROVIDER_READY,
                        ProviderEventDetails.builder()
                                .message("flag definitions from " + source + " loaded again")
                                .build());
            }
        }
    }
}
