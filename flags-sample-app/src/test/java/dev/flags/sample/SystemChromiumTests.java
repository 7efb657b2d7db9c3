package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class SystemChromiumTests {

    @Test
    void skipsWithOneLineNamingWhatIsMissingAndHowToInstallIt() {
        SystemChromium chromium =
                new SystemChromium(name -> null, Map.of("FLAGS_TEST_CHROMIUM", "/nowhere/chromium")::get);
        ConditionEvaluationResult result = chromium.evaluate("ConsoleBrowserTests");
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValue("Chromium not found at /nowhere/chromium (set FLAGS_TEST_CHROMIUM); install it with:"
                        + " sudo apt-get install -y chromium chromium-driver; skipping ConsoleBrowserTests");
    }

    @Test
    void failsInsteadWhenTheBrowserIsRequired() {
        SystemChromium chromium = new SystemChromium(
                name -> null,
                Map.of(
                        "FLAGS_TEST_CHROMEDRIVER", "/nowhere/chromedriver",
                        "FLAGS_TEST_CHROMIUM", "/bin/sh",
                        "FLAGS_TEST_REQUIRE_BROWSER", "true")::get);
        assertThatIllegalStateException()
                .isThrownBy(() -> chromium.evaluate("ConsoleBrowserTests"))
                .withMessage("chromedriver not found at /nowhere/chromedriver (set FLAGS_TEST_CHROMEDRIVER); install"
                        + " it with: sudo apt-get install -y chromium chromium-driver; FLAGS_TEST_REQUIRE_BROWSER=true,"
                        + " so ConsoleBrowserTests fails instead of skipping");
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() {
        SystemChromium chromium = new SystemChromium(
                Map.of("flags.test.chromium", "/bin/sh", "flags.test.chromedriver", "/bin/sh")::get,
                Map.of("FLAGS_TEST_CHROMIUM", "/nowhere/chromium")::get);
        assertThat(chromium.evaluate("ConsoleBrowserTests").isDisabled()).isFalse();
    }
}
