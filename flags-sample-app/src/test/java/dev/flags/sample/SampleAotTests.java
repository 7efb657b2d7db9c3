package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shop through Spring AOT: the build's {@code process-aot} (the {@code aot} profile, on unless
 * {@code -Dflags.aot.skip}) generated its bean definitions and hints into {@code target/classes};
 * here the shop starts once from that code ({@code -Dspring.aot.enabled=true}) and once without,
 * each in a JVM of its own, and every request below gets the same answer from both. Native images
 * are not built (no GraalVM here); this is Spring's AOT mode on the JVM.
 */
class SampleAotTests {

    private static final Logger log = LoggerFactory.getLogger(SampleAotTests.class);

    private static final Path INITIALIZER =
            Path.of("target/classes/dev/flags/sample/ShopApplication__ApplicationContextInitializer.class");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SampleJvm aot;
    private static SampleJvm regular;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.exists(INITIALIZER)) {
            String reason = "SampleAotTests skipped: no AOT-processed classes at " + INITIALIZER
                    + " (run through Maven with the aot profile, the default)";
            log.warn(reason);
            Assumptions.abort(reason);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CompletableFuture<SampleJvm> withAot =
                CompletableFuture.supplyAsync(() -> started("aot", java, List.of("-Dspring.aot.enabled=true")));
        CompletableFuture<SampleJvm> without = CompletableFuture.supplyAsync(() -> started("jvm", java, List.of()));
        aot = withAot.join();
        regular = without.join();
    }

    private static SampleJvm started(String name, Path java, List<String> options) {
        try {
            List<String> all = new ArrayList<>(options);
            all.add("-XX:TieredStopAtLevel=1");
            return SampleJvm.start(name, java, all, List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (aot != null) {
            aot.close();
        }
        if (regular != null) {
            regular.close();
        }
    }

    @Test
    void theShopRunsFromTheGeneratedCode() throws Exception {
        assertThat(aot.output()).contains("Starting AOT-processed ShopApplication");
        assertThat(regular.output()).doesNotContain("AOT-processed");
    }

    @Test
    void theToggledCheckoutAndItsFallbackAnswerAsWithoutAot() throws Exception {
        String beta = same(
                shop -> shop.request("/checkout").header("X-User-Id", "ann").header("X-User-Groups", "beta-testers"));
        assertThat(beta).contains("\"checkout\"");
        same(shop -> shop.request("/checkout").header("X-User-Id", "bob"));
    }

    @Test
    void variantParametersAndThePreEvaluatedFlagsAnswerAsWithoutAot() throws Exception {
        assertThat(same(shop -> shop.request("/price?amount=100").header("X-User-Id", "carol")))
                .contains("\"price\"");
        assertThat(same(shop -> shop.request("/flags").header("X-User-Id", "carol")))
                .contains("new-checkout");
    }

    @Test
    void ofrepAnswersAsWithoutAot() throws Exception {
        String bulk = same(shop -> shop.request("/ofrep/v1/evaluate/flags")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"context\":{\"targetingKey\":\"dave\"}}")));
        assertThat(bulk).contains("\"flags\"").contains("new-checkout");
        same(shop -> shop.request("/ofrep/v1/evaluate/flags/pricing")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"context\":{\"targetingKey\":\"dave\"}}")));
    }

    @Test
    void theAdminApiAndItsErrorsAnswerAsWithoutAot() throws Exception {
        String viewer =
                "Basic " + Base64.getEncoder().encodeToString("viewer:viewer-pass".getBytes(StandardCharsets.UTF_8));
        assertThat(same(shop ->
                        shop.request("/flags-admin/api/flags/new-checkout").header("Authorization", viewer)))
                .contains("\"key\":\"new-checkout\"");
        assertThat(same(shop ->
                        shop.request("/flags-admin/api/flags/no-such-flag").header("Authorization", viewer)))
                .contains("no-such-flag");
        same(shop -> shop.request("/flags-admin/api/flags"));
    }

    @Test
    void actuatorAndTheConsoleAssetsAnswerAsWithoutAot() throws Exception {
        assertThat(same(shop -> shop.request("/actuator/health"))).contains("\"status\":\"UP\"");
        assertThat(same(shop -> shop.request("/actuator/flags"))).contains("new-checkout");
        same(shop -> shop.request("/flags-console/assets/console.js")); // behind the console login in both
        same(shop -> shop.request("/index.html"));
    }

    interface Request {
        HttpRequest.Builder on(SampleJvm shop);
    }

    /** Sends the request to both shops and checks they answer alike; returns the body. */
    private static String same(Request request) throws Exception {
        HttpResponse<String> withAot = aot.send(request.on(aot));
        HttpResponse<String> without = regular.send(request.on(regular));
        assertThat(withAot.statusCode()).as("status of " + withAot.uri()).isEqualTo(without.statusCode());
        assertThat(withAot.headers().firstValue("Content-Type"))
                .as("Content-Type of " + withAot.uri())
                .isEqualTo(without.headers().firstValue("Content-Type"));
        assertThat(comparable(withAot.body())).as("body of " + withAot.uri()).isEqualTo(comparable(without.body()));
        return withAot.body();
    }

    /**
     * A JSON body as a tree, whose objects compare regardless of key order (a {@code Map.of}
     * iterates in another order in each JVM), without the disk space of the health answer (each
     * JVM has its own working directory); any other body as text.
     */
    private static Object comparable(String body) {
        String normalized = normalized(body);
        try {
            JsonNode tree = JSON.readTree(normalized);
            if (tree.path("components").isObject()) {
                ((ObjectNode) tree.path("components")).remove("diskSpace");
            }
            return tree;
        } catch (JacksonException notJson) {
            return normalized;
        }
    }

    /** Times, durations and ports differ between two runs; nothing else may. */
    private static String normalized(String body) {
        return body.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<time>")
                .replaceAll("\"(age|loadAge|lastLoad|uptime)\":[^,}]+", "\"$1\":\"<n>\"")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>");
    }
}
