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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OpenFeature's web SDK with its OFREP web provider (the exact versions of
 * {@code src/test/ofrep-browser/package-lock.json}) in a real, headless Chromium, against the
 * sample on a random port. The sample serves the page, so the provider talks to {@code /ofrep} on
 * the page's own origin, without credentials, as the shop's customers do; a flag is then changed
 * through the admin API and the page must show the new answer. Each test keeps a screenshot in
 * {@code target/ofrep-browser-screenshots/}. Skipped with one line where Chromium or npm is
 * missing, a failure where {@code FLAGS_TEST_REQUIRE_BROWSER=true}.
 */
@ExtendWith({SystemChromium.class, OfrepBrowserPage.class})
@Import(SampleClock.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flags.admin.cleanup.interval=1h", "shop.ofrep.allowed-origins=http://127.0.0.1:[*]"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // each test changes a flag
class OfrepBrowserTests {

    static final Path SCREENSHOTS = Path.of("target", "ofrep-browser-screenshots");

    static final Duration PATIENCE = Duration.ofSeconds(15);

    static final String ADMIN_API = "/flags-admin/api";

    static final String PAGE = "/ofrep-browser/index.html";

    static ChromeDriver driver;

    static Path site;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void buildPageAndStartBrowser(@TempDir Path profile) throws IOException, InterruptedException {
        site = new OfrepBrowserPage().build();
        driver = new SystemChromium().start(profile);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    // The built page beside the sample's own static files: /ofrep-browser/index.html.
    @DynamicPropertySource
    static void servePage(DynamicPropertyRegistry registry) {
        registry.add("spring.web.resources.static-locations", () -> "classpath:/static/," + site.toUri());
    }

    @AfterEach
    void screenshot(TestInfo info) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(
                shot,
                SCREENSHOTS.resolve(info.getTestMethod().orElseThrow().getName() + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void showsTheVisitorsFlagsAndFollowsAnEditorsChangeThroughTheChangeStream() throws Exception {
        open("?user=ann&country=DE&changes=sse");

        // ann is outside the 50% rollout and in the standard half of the pricing test; in Germany
        // she gets the sale banner. The sensitive flag is absent from her answers: her default.
        assertThat(flags())
                .containsExactly(
                        Map.entry("payments", List.of("true", "on", "STATIC", "")),
                        Map.entry("new-checkout", List.of("false", "off", "SPLIT", "")),
                        Map.entry("recommendations", List.of("false", "off", "DISABLED", "")),
                        Map.entry("pricing", List.of("\"standard\"", "standard", "SPLIT", "")),
                        Map.entry("banner", List.of("\"Winter sale: 20% off\"", "sale", "TARGETING_MATCH", "")),
                        Map.entry("free-shipping-threshold", List.of("50", "regular", "DEFAULT", "")),
                        Map.entry(
                                "checkout-config",
                                List.of(
                                        "{\"steps\":[\"cart\",\"address\",\"payment\"],\"expressPay\":false}",
                                        "classic",
                                        "DEFAULT",
                                        "")),
                        Map.entry("wholesale-prices", List.of("false", "", "ERROR", "FLAG_NOT_FOUND")));
        assertThat(answers()).containsExactly(Map.entry("200", "1"));

        // Everyone ships free from the generous threshold from now on.
        admin("PUT", "/flags/free-shipping-threshold/serve", "editor", "\"generous\"");

        // No polling: the change stream's event makes the provider re-fetch, once.
        waitFor("free-shipping-threshold", List.of("25", "generous", "DEFAULT", ""));
        assertThat(text("#configuration-changes")).isEqualTo("1");
        assertThat(changedFlags()).containsExactly("free-shipping-threshold");
        assertThat(answers()).containsExactly(Map.entry("200", "2"));
    }

    @Test
    void followsAnAdminsKillSwitchByPollingAnsweredNotModifiedWhileNothingChanges() throws Exception {
        open("?user=carl&changes=polling&poll=250");
        assertThat(flags().get("new-checkout")).containsExactly("true", "on", "SPLIT", "");

        // Polls carry the bulk answer's ETag: 304 and no body while nothing changed for carl.
        waitUntil("two polls answered 304", () -> count("304") >= 2);
        assertThat(count("200")).isEqualTo(1);

        admin("POST", "/flags/new-checkout/emergency-off", "admin", "{\"reason\": \"checkout errors\"}");

        waitFor("new-checkout", List.of("false", "off", "DISABLED", ""));
        assertThat(changedFlags()).containsExactly("new-checkout");
        assertThat(count("200")).isEqualTo(2);
        assertThat(text("#status")).isEqualTo("ready");
    }

    @Test
    void aFrontEndOnAnotherOriginPollsThroughCorsAndIsAnsweredNotModified() throws Exception {
        // The page from 127.0.0.1, the OFREP server at localhost: another origin to the browser, so
        // every call is a CORS request, and the polls are preflighted for If-None-Match.
        openAt("http://127.0.0.1:" + port + PAGE + "?user=carl&changes=polling&poll=250&base=http://localhost:" + port);
        assertThat(flags().get("banner")).containsExactly("\"\"", "no-banner", "DEFAULT", "");

        // A 304 needs the ETag, which the browser hands to the page only if the answer exposes it.
        waitUntil("two polls answered 304", () -> count("304") >= 2);

        admin("PUT", "/flags/banner/serve", "editor", "\"sale\"");

        waitFor("banner", List.of("\"Winter sale: 20% off\"", "sale", "DEFAULT", ""));
        assertThat(count("200")).isEqualTo(2);
    }

    private void open(String query) {
        openAt("http://localhost:" + port + PAGE + query);
    }

    private void openAt(String url) {
        driver.get(url);
        waitUntil("the provider to be ready", () -> !text("#status").equals("starting"));
        assertThat(text("#status")).isEqualTo("ready");
    }

    /** The table the page shows: flag to value (as JSON), variant, reason and error code. */
    private Map<String, List<String>> flags() {
        // Read in one script, so that a re-render between two reads cannot mix two tables.
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>)
                driver.executeScript(
                        "return [...document.querySelectorAll('#flags tbody tr')].map(row => [...row.cells].map(cell => cell.textContent))");
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (List<String> row : rows) {
            flags.put(row.get(0), List.copyOf(row.subList(1, row.size())));
        }
        return flags;
    }

    private List<String> changedFlags() {
        @SuppressWarnings("unchecked")
        List<String> changed = (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#flags tbody tr.changed')].map(row => row.dataset.flag)");
        return changed;
    }

    /** The provider's HTTP answers by status, as the page counted them. */
    private Map<String, String> answers() {
        @SuppressWarnings("unchecked")
        Map<String, String> answers = (Map<String, String>)
                driver.executeScript(
                        "return Object.fromEntries([...document.querySelectorAll('#answers dd')].map(dd => [dd.dataset.status, dd.textContent]))");
        return answers;
    }

    private int count(String status) {
        return Integer.parseInt(answers().getOrDefault(status, "0"));
    }

    private String text(String selector) {
        return (String) driver.executeScript("return document.querySelector(arguments[0]).textContent", selector);
    }

    private void waitFor(String flag, List<String> shown) {
        try {
            waitUntil(flag + " to show " + shown, () -> shown.equals(flags().get(flag)));
        } catch (TimeoutException ex) {
            throw new AssertionError(
                    "The page still shows " + flag + " as " + flags().get(flag) + " (expected " + shown + "); status "
                            + text("#status") + ", answers " + answers(),
                    ex);
        }
    }

    private void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, PATIENCE)
                .withMessage("waiting for " + what)
                .pollingEvery(Duration.ofMillis(50))
                .until(d -> condition.getAsBoolean());
    }

    private void admin(String method, String path, String user, String body) throws Exception {
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + ADMIN_API + path))
                        .header("Authorization", "Basic " + credentials)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(200);
    }
}
