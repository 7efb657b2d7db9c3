package dev.flags.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page of {@link OfrepBrowserTests}, built at test time: {@code npm ci} installs the exact
 * versions of {@code src/test/ofrep-browser/package-lock.json} into {@code target/ofrep-browser},
 * esbuild bundles {@code page.js}, and the page ends up in {@link #SITE}, which the test adds to
 * the sample's static locations. The library's build never runs npm.
 *
 * <p>npm is {@code flags.test.npm} or {@code FLAGS_TEST_NPM}, else the first {@code npm} on the
 * {@code PATH}. Without it the test is skipped with one line saying so, unless
 * {@code FLAGS_TEST_REQUIRE_BROWSER=true} (set by {@code .ci/run}) makes that a failure, as for
 * Chromium ({@link SystemChromium}).
 */
final class OfrepBrowserPage implements ExecutionCondition {

    private static final Logger log = LoggerFactory.getLogger(OfrepBrowserPage.class);

    static final Path SOURCE = Path.of("src", "test", "ofrep-browser");

    static final Path BUILD = Path.of("target", "ofrep-browser");

    /** The static location the sample serves: the page is {@code /ofrep-browser/index.html}. */
    static final Path SITE = BUILD.resolve("site");

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "page.js", "index.html");

    // The lock file npm ci last installed from: node_modules is reused while it is the same.
    private static final Path INSTALLED_LOCK = BUILD.resolve("node_modules").resolve(".installed-package-lock.json");

    private final @Nullable Path npm;

    private final String npmSetting;

    private final boolean required;

    OfrepBrowserPage() {
        this(System::getProperty, System::getenv);
    }

    OfrepBrowserPage(Function<String, @Nullable String> properties, Function<String, @Nullable String> environment) {
        String configured = properties.apply("flags.test.npm");
        if (configured == null) {
            configured = environment.apply("FLAGS_TEST_NPM");
        }
        this.npmSetting = configured != null ? configured : "npm";
        this.npm = configured != null
                ? (Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null)
                : onPath("npm", environment.apply("PATH"));
        String require = properties.apply("flags.test.require-browser");
        this.required =
                Boolean.parseBoolean(require != null ? require : environment.apply("FLAGS_TEST_REQUIRE_BROWSER"));
    }

    private static @Nullable Path onPath(String command, @Nullable String path) {
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return Path.of(directory, command);
            }
        }
        return null;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result =
                evaluate(context.getRequiredTestClass().getSimpleName());
        if (result.isDisabled() && context.getTestMethod().isEmpty()) {
            // Surefire counts skipped tests but prints no reason: this is the one line that says why.
            log.warn(result.getReason().orElse(""));
        }
        return result;
    }

    ConditionEvaluationResult evaluate(String testClass) {
        if (npm != null) {
            return ConditionEvaluationResult.enabled("npm at " + npm);
        }
        String missing = npmSetting.equals("npm")
                ? "npm not found on the PATH (set FLAGS_TEST_NPM)"
                : "npm not found at " + npmSetting + " (set FLAGS_TEST_NPM)";
        String install = "; install Node.js and npm with: sudo apt-get install -y nodejs npm";
        if (required) {
            throw new IllegalStateException(missing + install + "; FLAGS_TEST_REQUIRE_BROWSER=true, so " + testClass
                    + " fails instead of skipping");
        }
        return ConditionEvaluationResult.disabled(missing + install + "; skipping " + testClass);
    }

    /**
     * Installs the pinned packages (unless the same lock file is installed already) and bundles the
     * page into {@link #SITE}.
     *
     * @return the absolute path of {@link #SITE}
     */
    Path build() throws IOException, InterruptedException {
        Path npm = this.npm;
        if (npm == null) {
            throw new IllegalStateException(
                    evaluate("the OFREP browser page").getReason().orElse(""));
        }
        Files.createDirectories(BUILD);
        for (String file : FILES) {
            Files.copy(SOURCE.resolve(file), BUILD.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
        if (!Files.exists(INSTALLED_LOCK) || !Arrays.equals(lock, Files.readAllBytes(INSTALLED_LOCK))) {
            // --ignore-scripts: no package's install script runs; esbuild's binary comes from its
            // platform package (@esbuild/linux-x64), which needs none.
            run(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund");
            Files.write(INSTALLED_LOCK, lock);
        }
        // The bundle script writes site/ofrep-browser/page.js (package.json).
        run(npm, "run", "--silent", "bundle");
        Path page = SITE.resolve("ofrep-browser");
        Files.copy(BUILD.resolve("index.html"), page.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING);
        return SITE.toAbsolutePath();
    }

    private static void run(Path npm, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(npm.toString());
        command.addAll(List.of(arguments));
        String name = String.join(" ", command.subList(1, command.size()));
        Path output = BUILD.resolve("npm-" + arguments[0].toLowerCase(Locale.ROOT) + ".log");
        Process process = new ProcessBuilder(command)
                .directory(BUILD.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "npm " + name + " in " + BUILD + " did not finish in 5 minutes; its output is in " + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("npm " + name + " in " + BUILD + " failed with exit code "
                    + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
    }
}
