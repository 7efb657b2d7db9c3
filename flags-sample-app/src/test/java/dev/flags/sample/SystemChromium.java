package dev.flags.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}),
 * for the browser tests (the console's and the OFREP web provider's). Paths come from {@code flags.test.chromium} and
 * {@code flags.test.chromedriver} (or {@code FLAGS_TEST_CHROMIUM}, {@code FLAGS_TEST_CHROMEDRIVER}),
 * else {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}. Where either is missing the
 * tests are skipped with one line saying so, unless {@code FLAGS_TEST_REQUIRE_BROWSER=true} (set by
 * {@code .ci/run}) makes that a failure. Selenium Manager is never asked to download anything.
 */
final class SystemChromium implements ExecutionCondition {

    private static final Logger log = LoggerFactory.getLogger(SystemChromium.class);

    private final Path chromium;

    private final Path chromedriver;

    private final boolean required;

    SystemChromium() {
        this(System::getProperty, System::getenv);
    }

    SystemChromium(Function<String, @Nullable String> properties, Function<String, @Nullable String> environment) {
        this.chromium = Path.of(setting("chromium", "/usr/bin/chromium", properties, environment));
        this.chromedriver = Path.of(setting("chromedriver", "/usr/bin/chromedriver", properties, environment));
        this.required = Boolean.parseBoolean(setting("require-browser", "false", properties, environment));
    }

    private static String setting(
            String name,
            String fallback,
            Function<String, @Nullable String> properties,
            Function<String, @Nullable String> environment) {
        String property = properties.apply("flags.test." + name);
        if (property != null) {
            return property;
        }
        String variable = environment.apply(
                "FLAGS_TEST_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return variable != null ? variable : fallback;
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
        String missing = !Files.isExecutable(chromium)
                ? "Chromium not found at " + chromium + " (set FLAGS_TEST_CHROMIUM)"
                : !Files.isExecutable(chromedriver)
                        ? "chromedriver not found at " + chromedriver + " (set FLAGS_TEST_CHROMEDRIVER)"
                        : null;
        if (missing == null) {
            return ConditionEvaluationResult.enabled("Chromium at " + chromium);
        }
        String install = "; install it with: sudo apt-get install -y chromium chromium-driver";
        if (required) {
            throw new IllegalStateException(missing + install + "; FLAGS_TEST_REQUIRE_BROWSER=true, so " + testClass
                    + " fails instead of skipping");
        }
        return ConditionEvaluationResult.disabled(missing + install + "; skipping " + testClass);
    }

    /** A headless Chromium with a fresh profile in {@code profile}, quiet and offline but for the app. */
    ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        // The driver named here, so that Selenium Manager never looks for (or downloads) one. Set as
        // the documented property rather than through ChromeDriverService.Builder, whose
        // @AutoService annotation javac cannot resolve (a classfile warning, an error under -Werror).
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }
}
