package dev.flags.ofrep;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An OFREP answer, ready for a web framework to write: the HTTP status, the headers to set, and the
 * JSON body as maps, lists, strings, numbers and booleans ({@code null} for none, as for 304).
 *
 * @param status the HTTP status code
 * @param headers headers to set (for example {@code ETag}, {@code Retry-After})
 * @param body the JSON body, or {@code null} for a response without one
 */
public record OfrepResponse(
        int status, Map<String, String> headers, @Nullable Map<String, Object> body) {

    /** Checks and copies. */
    public OfrepResponse {
        requireNonNull(headers, "headers");
        headers = Map.copyOf(headers);
    }

    /** The header's value, or {@code null}. */
    public @Nullable String header(String name) {
        return headers.get(name);
    }
}
