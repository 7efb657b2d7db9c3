package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An open change stream does not hold up a graceful shutdown: without the stream's lifecycle, the
 * web server waited for it until {@code spring.lifecycle.timeout-per-shutdown-phase} (30 seconds),
 * every time a browser front end was connected.
 */
class OfrepEventStreamShutdownTests {

    @Test
    void shuttingDownEndsOpenStreamsInsteadOfWaitingForThem() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OfrepTestApplication.class)
                .properties(
                        "server.port=0",
                        "server.shutdown=graceful",
                        "spring.lifecycle.timeout-per-shutdown-phase=20s",
                        "flags.ofrep.enabled=true",
                        "flags.ofrep.sse.enabled=true")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ofrep/v1/events"))
                                .header("X-API-Key", OfrepHttpTests.WEB)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader stream = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(stream.readLine()).isEqualTo("retry:5000");
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
            try {
                while (stream.readLine() != null) {
                    // the stream's remaining lines, until the server ends it
                }
            } catch (java.io.IOException e) {
                // a reset connection ends the stream too
            }
        });

        long start = System.nanoTime();
        context.close();
        Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

        assertThat(shutdown).isLessThan(Duration.ofSeconds(10));
        ended.get(5, TimeUnit.SECONDS);
    }
}
