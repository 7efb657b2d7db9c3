package dev.flags.autoconfigure.tracing;

import static java.util.Objects.requireNonNull;

import dev.flags.ErrorCode;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.HookContext;
import dev.flags.Reason;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Records each flag evaluation on the current span, following the OpenTelemetry semantic
 * conventions for feature flags: an event named {@value #EVENT} and the attributes
 * {@code feature_flag.key}, {@code feature_flag.result.variant} (when a variant was served),
 * {@code feature_flag.result.reason}, {@code feature_flag.provider.name} and, for a failed
 * evaluation, {@code error.type} and {@code error.message}.
 *
 * <p>With Micrometer's OpenTelemetry bridge, each evaluation is an OpenTelemetry span event with
 * its own attributes, exactly as the conventions describe it, and the span gets no tags from this
 * hook. Other tracers (Brave, say): Micrometer Tracing's {@link Span} API gives events a name and a
 * time but no attributes, so the attributes are the span's tags, and a span in which several flags
 * are evaluated has one event per evaluation and the tags of the last one. The flag's value ({@code feature_flag.result.value}) is
 * never recorded: the conventions prefer the variant, which names every value a flag serves, and
 * values (of sensitive flags above all) may be large or private; when no variant was served the
 * value is the caller's own default.
 *
 * <p>The hook {@linkplain #interest wants} an evaluation only while a span that records is current, so
 * outside a trace it costs one look-up of the current span and allocates nothing. It runs for
 * evaluations of a single flag, as every hook does: a memo's later calls for the same flag are
 * answered without evaluating, and without a new event.
 */
public final class FlagsTracingHook implements EvaluationHook {

    /** The event name the conventions give a flag evaluation. */
    public static final String EVENT = "feature_flag.evaluation";

    /** The provider name of this library's engine. */
    public static final String ENGINE_PROVIDER_NAME = "flags";

    static final String KEY = "feature_flag.key";
    static final String VARIANT = "feature_flag.result.variant";
    static final String REASON = "feature_flag.result.reason";
    static final String PROVIDER_NAME = "feature_flag.provider.name";
    static final String ERROR_TYPE = "error.type";
    static final String ERROR_MESSAGE = "error.message";

    // the conventions' values are lower snake case; computed once, not per evaluation
    private static final String[] REASONS = lowerCase(Reason.values());
    private static final String[] ERROR_TYPES = lowerCase(ErrorCode.values());

    /** Whether the OpenTelemetry API is there to record events with attributes. */
    private static final boolean OPEN_TELEMETRY = present("io.opentelemetry.api.trace.Span");

    private final Tracer tracer;
    private final String providerName;

    /**
     * Creates the hook.
     *
     * @param tracer the tracer whose current span receives the evaluations
     * @param providerName the {@code feature_flag.provider.name}, {@value #ENGINE_PROVIDER_NAME} for
     *     this library's engine
     */
    public FlagsTracingHook(Tracer tracer, String providerName) {
        this.tracer = requireNonNull(tracer, "tracer");
        this.providerName = requireNonNull(providerName, "providerName");
        if (providerName.isBlank()) {
            throw new IllegalArgumentException("providerName must not be blank");
        }
    }

    /** Whether a span that records is current: outside a trace, evaluations run without this hook. */
    @Override
    public Interest interest(String flagKey) {
        return recording() != null ? Interest.OUTCOME : Interest.NONE;
    }

    @Override
    public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
        Span span = recording();
        if (span != null) {
            record(span, details);
        }
    }

    @Override
    public void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
        Span span = recording();
        if (span != null) {
            record(span, details);
        }
    }

    private @Nullable Span recording() {
        Span span = tracer.currentSpan();
        return span == null || span.isNoop() ? null : span;
    }

    private void record(Span span, EvaluationDetails<?> details) {
        String reason = REASONS[details.reason().ordinal()];
        String errorType = null;
        String errorMessage = null;
        if (details.isError()) {
            ErrorCode errorCode = details.errorCode();
            errorType = errorCode == null ? "general" : ERROR_TYPES[errorCode.ordinal()];
            errorMessage = details.errorMessage();
        }
        String variant = details.variant();
        if (OPEN_TELEMETRY
                && OpenTelemetryEvents.record(
                        span, details.flagKey(), variant, reason, providerName, errorType, errorMessage)) {
            return;
        }
        span.tag(KEY, details.flagKey());
        // the tags may hold an earlier evaluation's variant: an evaluation that served none clears it
        span.tag(VARIANT, variant != null ? variant : "");
        span.tag(REASON, reason);
        span.tag(PROVIDER_NAME, providerName);
        if (errorType != null) {
            span.tag(ERROR_TYPE, errorType);
            if (errorMessage != null) {
                span.tag(ERROR_MESSAGE, errorMessage);
            }
        }
        span.event(EVENT);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, FlagsTracingHook.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String[] lowerCase(Enum<?>[] constants) {
        String[] names = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            names[i] = constants[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    @Override
    public String toString() {
        return "FlagsTracingHook[" + providerName + "]";
    }
}
