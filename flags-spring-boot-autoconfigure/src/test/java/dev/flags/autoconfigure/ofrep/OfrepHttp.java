package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.ofrep.OfrepSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real HTTP client for the OFREP endpoints; every answer it returns is validated against openapi.yaml. */
final class OfrepHttp {

    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String origin;

    OfrepHttp(int port) {
        this.origin = "http://localhost:" + port;
    }

    String origin() {
        return origin;
    }

    /** POST {@code /ofrep/v1/evaluate/flags/{key}}, validated as the single-flag operation. */
    HttpResponse<String> single(String key, String body, String... headers) {
        return checked(OfrepSchema.SINGLE, post("/ofrep/v1/evaluate/flags/" + key, body, headers));
    }

    /** POST {@code /ofrep/v1/evaluate/flags}, validated as the bulk operation. */
    HttpResponse<String> bulk(String body, String... headers) {
        return checked(OfrepSchema.BULK, post("/ofrep/v1/evaluate/flags", body, headers));
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> checked(String operation, HttpResponse<String> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        String body = response.body().isEmpty() ? null : response.body();
        List<String> violations = OfrepSchema.violations(operation, response.statusCode(), headers, body);
        assertThat(violations)
                .as("%s %s answered %s %s", operation, response.uri(), response.statusCode(), body)
                .isEmpty();
        return response;
    }
}
