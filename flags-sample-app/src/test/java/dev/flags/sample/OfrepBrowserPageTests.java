package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

class OfrepBrowserPageTests {

    @Test
    void skipsWithOneLineWhenNpmIsNotOnThePath() {
        OfrepBrowserPage page = new OfrepBrowserPage(name -> null, Map.of("PATH", "/nowhere:/neither")::get);
        ConditionEvaluationResult result = page.evaluate("OfrepBrowserTests");
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValue("npm not found on the PATH (set FLAGS_TEST_NPM); install Node.js and npm with:"
                        + " sudo apt-get install -y nodejs npm; skipping OfrepBrowserTests");
    }

    @Test
    void failsInsteadWhenTheBrowserIsRequired() {
        OfrepBrowserPage page = new OfrepBrowserPage(
                name -> null, Map.of("FLAGS_TEST_NPM", "/nowhere/npm", "FLAGS_TEST_REQUIRE_BROWSER", "true")::get);
        assertThatIllegalStateException()
                .isThrownBy(() -> page.evaluate("OfrepBrowserTests"))
                .withMessage("npm not found at /nowhere/npm (set FLAGS_TEST_NPM); install Node.js and npm with:"
                        + " sudo apt-get install -y nodejs npm; FLAGS_TEST_REQUIRE_BROWSER=true, so OfrepBrowserTests"
                        + " fails instead of skipping");
    }

    @Test
    void findsNpmOnThePathOrWhereASystemPropertySays(@TempDir Path bin) throws IOException {
        Path npm = Files.createFile(bin.resolve("npm"));
        assertThat(npm.toFile().setExecutable(true)).isTrue();
        assertThat(new OfrepBrowserPage(name -> null, Map.of("PATH", "/nowhere:" + bin)::get)
                        .evaluate("OfrepBrowserTests")
                        .getReason())
                .hasValue("npm at " + npm);
        assertThat(new OfrepBrowserPage(
                                Map.of("flags.test.npm", "/bin/sh")::get, Map.of("FLAGS_TEST_NPM", "/nowhere/npm")::get)
                        .evaluate("OfrepBrowserTests")
                        .getReason())
                .hasValue("npm at /bin/sh");
    }
}
