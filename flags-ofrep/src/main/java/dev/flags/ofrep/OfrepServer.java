package dev.flags.ofrep;

import static java.util.Objects.requireNonNull;

import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.FlagDefinition;
import dev.flags.internal.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two OFREP evaluation endpoints over a {@link FlagManager}, as {@code openapi.yaml} v0.3.0
 * describes them, without a web framework: a binding parses the JSON body into maps, lists and
 * scalars, calls {@link #evaluate} or {@link #evaluateAll}, and writes the {@link OfrepResponse}.
 *
 * <p>Request context: {@code targetingKey} becomes the context's targeting key; {@code groups} (a
 * string or a list of strings) its groups and {@code environment} (a string) its environment, as the
 * OpenFeature provider maps them; every other property, nested objects and arrays included, becomes
 * an attribute. A body that is not an object, without a {@code context} object, or with a
 * {@code targetingKey} that is not a string is answered with 400 and {@code PARSE_ERROR} or
 * {@code INVALID_CONTEXT}, naming the place.
 *
 * <p>Answers: a served variant gives {@code value}, {@code variant}, {@code reason} and
 * {@code metadata} (the flag's string, number and boolean entries and {@value #RULE_ID}, the matched
 * rule; an empty object when there are none); a flag that serves no variant (disabled
 * without an off variant) answers without {@code value}, so the client uses its code default
 * (ADR-0006). An unknown flag is 404 {@code FLAG_NOT_FOUND}, other evaluation errors 400 with their
 * code. A sensitive flag the caller may not read (see {@link Builder#sensitiveTag}) is 403 on its
 * own and absent from bulk answers.
 *
 * <p>Bulk answers carry a strong {@code ETag}: a digest of exactly the answers in the body, so it
 * changes exactly when an answer for that context changed, and a matching {@code If-None-Match}
 * gets 304 without a body. The server never throws: whatever the evaluation does, it answers.
 */
public final class OfrepServer {

    /** The metadata entry naming the matched rule ({@code targets} for an individual target). */
    public static final String RULE_ID = "ruleId";

    private static final String CONTEXT = "context";

    private final FlagManager flags;
    private final @Nullable String sensitiveTag;
    private final List<Map<String, Object>> eventStreams;

    private OfrepServer(Builder builder) {
        this.flags = builder.flags;
        this.sensitiveTag = builder.sensitiveTag;
        this.eventStreams = List.copyOf(builder.eventStreams);
    }

    /**
     * A builder for a server over these flags.
     *
     * @param flags the flag manager to evaluate with
     * @return a builder
     */
    public static Builder builder(FlagManager flags) {
        return new Builder(flags);
    }

    /**
     * {@code POST /ofrep/v1/evaluate/flags/{key}}: evaluates one flag.
     *
     * @param key the flag key from the path
     * @param body the parsed JSON request body ({@code null} when there was none)
     * @return 200 with the evaluation, 400 or 404 with an evaluation failure, 403 for a sensitive
     *     flag the caller may not read
     */
    public OfrepResponse evaluate(String key, @Nullable Object body) {
        requireNonNull(key, "key");
        Parsed parsed = Parsed.of(body);
        if (parsed.error != null) {
            return failure(400, key, parsed.errorCode, parsed.error);
        }
        EvaluationDetails<Object> details;
        try {
            details = flags.evaluate(key, requireNonNull(parsed.context));
        } catch (RuntimeException e) { // evaluation does not throw; a custom FlagManager might
            return failure(400, key, ErrorCode.GENERAL, "evaluation failed: " + e);
        }
        if (refused(details)) {
            return new OfrepResponse(403, Map.of(), null);
        }
        if (details.errorCode() == ErrorCode.FLAG_NOT_FOUND) {
            return failure(404, key, ErrorCode.FLAG_NOT_FOUND, message(details));
        }
        return new OfrepResponse(details.isError() ? 400 : 200, Map.of(), answer(details));
    }

    /**
     * {@code POST /ofrep/v1/evaluate/flags}: evaluates every flag for one context.
     *
     * @param body the parsed JSON request body ({@code null} when there was none)
     * @param ifNoneMatch the request's {@code If-None-Match} header, or {@code null}
     * @return 200 with the evaluations and an {@code ETag}, 304 when {@code ifNoneMatch} matches it,
     *     400 with a bulk evaluation failure for a bad request
     */
    public OfrepResponse evaluateAll(@Nullable Object body, @Nullable String ifNoneMatch) {
        Parsed parsed = Parsed.of(body);
        if (parsed.error != null) {
            return bulkFailure(parsed.errorCode, parsed.error);
        }
        Map<String, EvaluationDetails<Object>> all;
        try {
            all = flags.evaluateAll(requireNonNull(parsed.context));
        } catch (RuntimeException e) { // evaluation does not throw; a custom FlagManager might
            return bulkFailure(ErrorCode.GENERAL, "evaluation failed: " + e);
        }
        List<Object> answers = new ArrayList<>(all.size());
        for (EvaluationDetails<Object> details : all.values()) {
            if (!refused(details)) {
                answers.add(answer(details));
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("flags", Collections.unmodifiableList(answers));
        if (!eventStreams.isEmpty()) {
            response.put("eventStreams", eventStreams);
        }
        String etag = ETags.of(answers);
        if (ETags.matches(ifNoneMatch, etag)) {
            return new OfrepResponse(304, Map.of("ETag", etag), null);
        }
        return new OfrepResponse(200, Map.of("ETag", etag), Collections.unmodifiableMap(response));
    }

    /**
     * The answer to a request whose body a binding could not parse as JSON.
     *
     * @param key the flag key for the single-flag endpoint, {@code null} for bulk
     * @param message what the parser said
     * @return 400 with {@code PARSE_ERROR}
     */
    public OfrepResponse parseError(@Nullable String key, String message) {
        String details = "request body is not valid JSON: " + message;
        return key == null
                ? bulkFailure(ErrorCode.PARSE_ERROR, details)
                : failure(400, key, ErrorCode.PARSE_ERROR, details);
    }

    /**
     * The answer to a caller over its rate limit.
     *
     * @param retryAfter how long until the next request is allowed (rounded up to whole seconds)
     * @return 429 with {@code Retry-After} in seconds and no body
     */
    public static OfrepResponse tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new OfrepResponse(429, Map.of("Retry-After", Long.toString(seconds)), null);
    }

    private boolean refused(EvaluationDetails<Object> details) {
        if (sensitiveTag == null || details.errorCode() != ErrorCode.GENERAL) {
            return false;
        }
        if (!(flags instanceof InspectableFlagManager inspectable)) {
            return false;
        }
        FlagDefinition definition = inspectable.definitions().flag(details.flagKey());
        return definition != null && definition.tags().contains(sensitiveTag);
    }

    private static Map<String, Object> answer(EvaluationDetails<Object> details) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", details.flagKey());
        if (details.isError()) {
            ErrorCode code = details.errorCode();
            answer.put("errorCode", (code == null ? ErrorCode.GENERAL : code).name());
            answer.put("errorDetails", message(details));
        } else {
            if (details.variant() != null && details.value() != null) {
                answer.put("value", details.value());
                answer.put("variant", details.variant());
            }
            answer.put("reason", details.reason().name());
        }
        // Always present, if empty: OpenFeature's Java OFREP provider (0.0.2) fails on an answer without it.
        answer.put("metadata", metadata(details));
        return Collections.unmodifiableMap(answer);
    }

    /**
     * The flag's metadata and, as the in-process OpenFeature provider reports it, the matched rule's
     * id as {@value #RULE_ID}. The schema allows strings, numbers and booleans as values; others are
     * left out. Sorted, so that the same flag answers the same text (and tag) on every instance.
     */
    private static Map<String, Object> metadata(EvaluationDetails<Object> details) {
        Map<String, Object> metadata = new java.util.TreeMap<>();
        for (Map.Entry<String, Object> entry : details.flagMetadata().entrySet()) {
            Object value = entry.getValue();
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                metadata.put(entry.getKey(), value);
            }
        }
        String ruleId = details.ruleId();
        if (ruleId != null) {
            metadata.put(RULE_ID, ruleId);
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static String message(EvaluationDetails<Object> details) {
        String detail = details.detail();
        return detail == null ? "evaluation failed" : detail;
    }

    private static OfrepResponse failure(int status, String key, ErrorCode code, String details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("errorCode", code.name());
        body.put("errorDetails", details);
        body.put("metadata", Map.of());
        return new OfrepResponse(status, Map.of(), Collections.unmodifiableMap(body));
    }

    private static OfrepResponse bulkFailure(ErrorCode code, String details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", code.name());
        body.put("errorDetails", details);
        return new OfrepResponse(400, Map.of(), Collections.unmodifiableMap(body));
    }

    /** A request body read into a context, or the reason it could not be. */
    private static final class Parsed {
        final @Nullable EvaluationContext context;
        final ErrorCode errorCode;
        final @Nullable String error;

        private Parsed(@Nullable EvaluationContext context, ErrorCode errorCode, @Nullable String error) {
            this.context = context;
            this.errorCode = errorCode;
            this.error = error;
        }

        static Parsed of(@Nullable Object body) {
            if (body == null) {
                return failed(ErrorCode.PARSE_ERROR, "request body is missing: send {\"context\": {...}}");
            }
            if (!(body instanceof Map<?, ?> request)) {
                return failed(
                        ErrorCode.PARSE_ERROR,
                        "request body must be a JSON object with a 'context' object, not " + Json.typeOf(body));
            }
            Object context = request.get(CONTEXT);
            if (context == null) {
                return failed(ErrorCode.INVALID_CONTEXT, "request body has no 'context' object");
            }
            if (!(context instanceof Map<?, ?> properties)) {
                return failed(
                        ErrorCode.INVALID_CONTEXT, "'context' must be a JSON object, not " + Json.typeOf(context));
            }
            String targetingKey = null;
            List<String> groups = List.of();
            String environment = null;
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : properties.entrySet()) {
                String name = String.valueOf(entry.getKey());
                Object value = entry.getValue();
                if (value == null) {
                    continue;
                }
                if (EvaluationContext.TARGETING_KEY.equals(name)) {
                    if (!(value instanceof String key)) {
                        return failed(
                                ErrorCode.INVALID_CONTEXT,
                                "'context.targetingKey' must be a string, not " + Json.typeOf(value));
                    }
                    targetingKey = key.isBlank() ? null : key;
                    continue;
                }
                if (EvaluationContext.GROUPS.equals(name)) {
                    List<String> named = Values.groups(value);
                    if (named != null) {
                        groups = named;
                        continue;
                    }
                }
                if (EvaluationContext.ENVIRONMENT.equals(name) && value instanceof String named) {
                    environment = named;
                    continue;
                }
                attributes.put(name, value);
            }
            return new Parsed(
                    new EvaluationContext(
                            targetingKey,
                            groups.isEmpty() ? java.util.Set.of() : new java.util.LinkedHashSet<>(groups),
                            environment,
                            attributes),
                    ErrorCode.GENERAL,
                    null);
        }

        private static Parsed failed(ErrorCode code, String message) {
            return new Parsed(null, code, message);
        }
    }

    /** Builds an {@link OfrepServer}. */
    public static final class Builder {
        private final FlagManager flags;
        private @Nullable String sensitiveTag;
        private final List<Map<String, Object>> eventStreams = new ArrayList<>();

        private Builder(FlagManager flags) {
            this.flags = requireNonNull(flags, "flags");
        }

        /**
         * The tag of sensitive flags, as given to the engine's guard: a flag carrying it that the
         * guard refuses is 403 on its own and left out of bulk answers, instead of an error entry
         * that would reveal it exists. Needs an {@link InspectableFlagManager} to read the tags.
         *
         * @param tag the sensitive tag, or {@code null} for none
         * @return this builder
         */
        public Builder sensitiveTag(@Nullable String tag) {
            this.sensitiveTag = tag == null || tag.isBlank() ? null : tag;
            return this;
        }

        /**
         * Announces a server-sent-events change stream in bulk answers ({@code eventStreams},
         * ADR-0008) at this path on the same origin.
         *
         * @param requestUri the stream's path and query, starting with {@code /}
         * @return this builder
         */
        public Builder sseEndpoint(String requestUri) {
            requireNonNull(requestUri, "requestUri");
            if (!requestUri.startsWith("/")) {
                throw new IllegalArgumentException("sseEndpoint must start with '/': " + requestUri);
            }
            eventStreams.add(Map.of("type", "sse", "endpoint", Map.of("requestUri", requestUri)));
            return this;
        }

        /**
         * The server.
         *
         * @return a new server
         */
        public OfrepServer build() {
            return new OfrepServer(this);
        }
    }
}
