package dev.flags.autoconfigure.ofrep;

import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.ofrep.OfrepRateLimiter;
import dev.flags.ofrep.OfrepResponse;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What the OFREP bindings of both web stacks share, free of either: an {@link OfrepResponse} as a
 * {@link ResponseEntity}, the parse-error wording, and the checked settings.
 */
final class OfrepEntities {

    /** The change stream's path below the base path. */
    static final String EVENTS = "/v1/events";

    /** How long a client refused for capacity should wait, in seconds. */
    static final String FULL_RETRY_AFTER = "30";

    private OfrepEntities() {}

    /** Status, headers and (JSON) body of an answer. */
    static ResponseEntity<Object> write(OfrepResponse response) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatusCode.valueOf(response.status()));
        response.headers().forEach((name, value) -> builder.header(name, value));
        Map<String, Object> body = response.body();
        return body == null
                ? builder.build()
                : builder.contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Why a body sent as another type than JSON is a parse error. */
    static String notJson(@Nullable MediaType type) {
        return "send the body as application/json, not "
                + (type == null ? "without a Content-Type" : type.getType() + "/" + type.getSubtype());
    }

    static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    static @Nullable OfrepRateLimiter rateLimiter(FlagsProperties.Ofrep.RateLimit limit) {
        if (limit.getRequests() < 0) {
            throw new IllegalStateException(
                    "flags.ofrep.rate-limit.requests must be 0 (no limit) or more, not " + limit.getRequests());
        }
        if (limit.getRequests() == 0) {
            return null;
        }
        if (limit.getPeriod().isNegative() || limit.getPeriod().isZero()) {
            throw new IllegalStateException("flags.ofrep.rate-limit.period must be positive, not " + limit.getPeriod());
        }
        return OfrepRateLimiter.of(limit.getRequests(), limit.getPeriod());
    }

    /** Checked here, where the message can name the property; the mappings read it as it is. */
    static String basePath(String basePath) {
        if (!basePath.startsWith("/") || basePath.endsWith("/") || basePath.contains("{") || basePath.contains("*")) {
            throw new IllegalStateException("flags.ofrep.base-path must start with '/' and name a fixed path without"
                    + " a trailing '/' (for example /ofrep), not '" + basePath + "'");
        }
        return basePath;
    }
}
