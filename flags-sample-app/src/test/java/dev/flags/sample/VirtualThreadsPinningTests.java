package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop on virtual threads ({@code spring.threads.virtual.enabled=true}) on a JDK 21 or later,
 * with Java Flight Recorder watching for {@code jdk.VirtualThreadPinned} at any duration (and
 * {@code -Djdk.tracePinnedThreads=full} where the JDK still has it): concurrent requests through
 * the request filter, the per-request memo, the aspects, {@code @Variant} parameters, OFREP and the
 * admin API's reads and writes against the JDBC store, then not one pinned carrier.
 *
 * <p>The build compiles for Java 17, so the JDK comes from {@code FLAGS_TEST_JDK21_HOME} or, failing
 * that, the newest JDK 21+ under {@code /usr/lib/jvm}. Without one the test is skipped with one
 * line saying so, unless {@code FLAGS_TEST_REQUIRE_JDK21=true} (set by {@code .ci/run}) makes that a
 * failure. Since JDK 24 a monitor no longer pins (JEP 491), so there the recording checks the
 * remaining causes (native frames, class initialisation); the bytecode check
 * {@code NoMonitorsOnTheRequestPathTests} in flags-spring-boot-autoconfigure covers monitors on
 * every JDK.
 */
class VirtualThreadsPinningTests {

    private static final Logger log = LoggerFactory.getLogger(VirtualThreadsPinningTests.class);

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    @Test
    void requestsOnVirtualThreadsNeverPinACarrier() throws Exception {
        Path jdk = jdk21(System::getenv).orElse(null);
        if (jdk == null) {
            String reason = "VirtualThreadsPinningTests skipped: no JDK 21+ found (set FLAGS_TEST_JDK21_HOME)";
            if (Boolean.parseBoolean(System.getenv("FLAGS_TEST_REQUIRE_JDK21"))) {
                fail(reason.replace("skipped", "failed") + "; FLAGS_TEST_REQUIRE_JDK21 requires one");
            }
            log.warn(reason);
            Assumptions.abort(reason);
            return;
        }
        Path settings = Files.createDirectories(Path.of("target", "sample-jvm", "virtual-threads"))
                .resolve("pinning.jfc")
                .toAbsolutePath();
        Files.writeString(settings, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0">
                  <event name="jdk.VirtualThreadPinned">
                    <setting name="enabled">true</setting>
                    <setting name="stackTrace">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                  <event name="jdk.VirtualThreadStart">
                    <setting name="enabled">true</setting>
                  </event>
                </configuration>
                """);
        Path recording = settings.resolveSibling("pinning.jfr");
        Files.deleteIfExists(recording);
        SampleJvm shop = SampleJvm.start(
                "virtual-threads",
                jdk.resolve("bin/java"),
                List.of(
                        "-XX:StartFlightRecording=filename=" + recording + ",settings=" + settings + ",dumponexit=true",
                        "-Djdk.tracePinnedThreads=full",
                        "-XX:TieredStopAtLevel=1"),
                List.of("--spring.threads.virtual.enabled=true"));
        try {
            requests(shop);
        } finally {
            shop.close();
        }
        String output = shop.output();
        String events = print(jdk, recording);
        assertThat(count(events, "jdk.VirtualThreadStart"))
                .as("virtual threads started (the requests ran on them)")
                .isGreaterThan(50);
        // The JDK still pins while it loads or initializes a class (JEP 491 left both). A pin is the
        // library's when its code blocked: the top frame outside the JDK is the library's. A pin in
        // Spring's or Tomcat's code below our filter (seen: a contended monitor in Spring MVC's
        // StandardServletAsyncWebRequest) has our frames further down and is not ours.
        List<String> ours = new ArrayList<>();
        for (String event : events.split("\n\n")) {
            if (event.contains("jdk.VirtualThreadPinned {")
                    && blockedInTheLibrary(event)
                    && !event.contains("ClassLoader.loadClass")
                    && !event.contains("Waited for initialization of")) {
                ours.add(event);
            }
        }
        assertThat(ours).as("virtual threads pinned by the library's code").isEmpty();
        assertThat(output).doesNotContain("<== monitors");
    }

    /** Whether the top frame of the event's stack outside the JDK is the library's. */
    static boolean blockedInTheLibrary(String event) {
        int stack = event.indexOf("stackTrace = [");
        if (stack < 0) {
            return false;
        }
        for (String line : event.substring(stack).split("\n")) {
            String frame = line.strip();
            if (frame.startsWith("stackTrace") || frame.isEmpty() || frame.equals("...")) {
                continue;
            }
            if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
                continue;
            }
            return frame.startsWith("dev.flags.");
        }
        return false;
    }

    @Test
    void aPinIsTheLibrarysWhenItsCodeIsTheTopFrameOutsideTheJdk() {
        String ours = """
                jdk.VirtualThreadPinned {
                  blockingOperation = "Contended monitor enter"
                  stackTrace = [
                    java.util.concurrent.locks.LockSupport.park(Object) line: 221
                    dev.flags.autoconfigure.web.FlagContextFilter.doFilterInternal(HttpServletRequest, HttpServletResponse, FilterChain) line: 105
                    org.apache.catalina.core.ApplicationFilterChain.doFilter(ServletRequest, ServletResponse) line: 111
                  ]
                }""";
        String springs = """
                jdk.VirtualThreadPinned {
                  blockingOperation = "Contended monitor enter"
                  stackTrace = [
                    org.springframework.web.context.request.async.StandardServletAsyncWebRequest.<init>(HttpServletRequest, HttpServletResponse) line: 75
                    dev.flags.autoconfigure.web.FlagContextFilter.doFilterInternal(HttpServletRequest, HttpServletResponse, FilterChain) line: 105
                  ]
                }""";
        assertThat(blockedInTheLibrary(ours)).isTrue();
        assertThat(blockedInTheLibrary(springs)).isFalse();
    }

    /**
     * Concurrent requests over every path that evaluates, memoizes, intercepts or reads the store.
     * The first round goes one request at a time: it loads and initializes the classes on those
     * paths, and a virtual thread that waits for another one initializing a class still pins its
     * carrier (seen on JDK 25: a "contended monitor enter" at the first read of an enum constant in
     * a hook), which says nothing about the library's code.
     */
    private static void requests(SampleJvm shop) throws Exception {
        String editor =
                "Basic " + Base64.getEncoder().encodeToString("editor:editor-pass".getBytes(StandardCharsets.UTF_8));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            String user = "user-" + round;
            List<HttpRequest.Builder> requests = List.of(
                    shop.request("/checkout").header("X-User-Id", user),
                    shop.request("/price?amount=100").header("X-User-Id", user),
                    shop.request("/flags").header("X-User-Id", user),
                    shop.request("/ofrep/v1/evaluate/flags")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"context\":{\"targetingKey\":\"" + user + "\"}}")),
                    shop.request("/flags-admin/api/flags/new-checkout").header("Authorization", editor));
            for (HttpRequest.Builder request : requests) {
                CompletableFuture<HttpResponse<String>> answer = async(shop, request);
                if (round == 0) {
                    answer.get(120, TimeUnit.SECONDS);
                }
                answers.add(answer);
            }
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
        }
        // a write through the store, then reads served after the followers reload it
        HttpResponse<String> changed = shop.send(shop.request("/flags-admin/api/flags/banner/status")
                .header("Authorization", editor)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"paused\"}")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(shop.send(shop.request("/flags").header("X-User-Id", "after-" + i))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    private static CompletableFuture<HttpResponse<String>> async(SampleJvm shop, HttpRequest.Builder request) {
        return shop.http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String print(Path jdk, Path recording) throws IOException, InterruptedException {
        assertThat(recording).as("the flight recording dumped at exit").exists();
        Process jfr = new ProcessBuilder(
                        jdk.resolve("bin/jfr").toString(),
                        "print",
                        "--stack-depth",
                        "64",
                        "--events",
                        "jdk.VirtualThreadPinned,jdk.VirtualThreadStart",
                        recording.toString())
                .redirectErrorStream(true)
                .start();
        String printed = new String(jfr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jfr.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jfr.exitValue()).as(printed).isZero();
        return printed;
    }

    private static int count(String events, String name) {
        int count = 0;
        for (int at = events.indexOf(name + " {"); at >= 0; at = events.indexOf(name + " {", at + 1)) {
            count++;
        }
        return count;
    }

    /** {@code FLAGS_TEST_JDK21_HOME}, else the newest JDK 21+ under {@code /usr/lib/jvm}. */
    static Optional<Path> jdk21(Function<String, @Nullable String> environment) throws IOException {
        String home = environment.apply("FLAGS_TEST_JDK21_HOME");
        if (home != null && !home.isBlank()) {
            Path given = Path.of(home);
            return version(given) >= 21 ? Optional.of(given) : Optional.empty();
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvms)) {
            return candidates
                    .filter(jdk -> version(jdk) >= 21)
                    .filter(jdk ->
                            Files.isExecutable(jdk.resolve("bin/java")) && Files.isExecutable(jdk.resolve("bin/jfr")))
                    .max((a, b) -> Integer.compare(version(a), version(b)));
        }
    }

    private static int version(Path jdk) {
        try {
            Matcher matcher = VERSION.matcher(Files.readString(jdk.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | RuntimeException e) { // not a JDK
            return 0;
        }
    }
}
