package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample shop in a JVM of its own, started from the test class path with a fresh in-memory
 * database and a random port, for the runs a test JVM cannot be: with Spring AOT's generated code
 * ({@code -Dspring.aot.enabled=true}) and on another JDK (virtual threads). The output goes to a
 * file under {@code target/sample-jvm}, shown when the start fails.
 */
final class SampleJvm implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;
    private final Path log;
    private final Path directory;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private SampleJvm(Process process, Path log, Path directory, int port) {
        this.process = process;
        this.log = log;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts the shop and waits until it listens.
     *
     * @param name names the output file and working directory
     * @param java the {@code java} launcher
     * @param jvmOptions options before the main class
     * @param arguments the application's arguments besides the port, database and backup file
     */
    static SampleJvm start(String name, Path java, List<String> jvmOptions, List<String> arguments)
            throws IOException, InterruptedException {
        Path directory = Path.of("target", "sample-jvm", name).toAbsolutePath();
        Files.createDirectories(directory);
        Path log = directory.resolve("output.log");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(ShopApplication.class.getName());
        command.add("--server.port=0");
        command.add("--spring.main.banner-mode=off");
        command.add("--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        command.add("--flags.store.backup-file=" + directory.resolve("backup.json"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher port = PORT.matcher(output);
            if (port.find()) {
                return new SampleJvm(process, log, directory, Integer.parseInt(port.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("The sample (" + name + ") exited with " + process.exitValue()
                        + " before it listened:\n" + tail(output));
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("The sample (" + name + ") did not listen within 180 s:\n"
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }

    /** The test JVM's class path: Surefire's own property, as its class path is a manifest jar. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    Path directory() {
        return directory;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    HttpClient http() {
        return http;
    }

    /** Stops the shop as a service manager would (SIGTERM, then a graceful shutdown). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        assertThat(process.isAlive()).isFalse();
    }
}
