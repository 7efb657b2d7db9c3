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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real, headless Chromium against the sample app on a random port, signed in as
 * the sample's viewer, editor and admin. Each test keeps a screenshot in
 * {@code target/console-screenshots/}. Skipped with one line where Chromium is missing, a failure
 * in CI ({@link SystemChromium}).
 */
@ExtendWith(SystemChromium.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserTests {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    static final Duration PATIENCE = Duration.ofSeconds(15);

    static ChromeDriver driver;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    String testName = "";

    @BeforeAll
    static void startBrowser(@TempDir Path profile) throws IOException {
        driver = new SystemChromium().start(profile);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void screenshotAndSignOut() throws IOException {
        screenshot(testName);
        driver.get(url("/login"));
        driver.manage().deleteAllCookies();
    }

    // ---- roles ----

    @Test
    void viewerReadsEverythingButIsOfferedNoChange() throws Exception {
        signIn("viewer");
        assertThat(text(By.cssSelector("#who .who-permissions"))).isEqualTo("READ");
        waitFor(By.cssSelector("table.flags tbody tr"));
        // Other tests add flags of their own; every flag of the sample is listed, and the count says all are.
        List<String> keys = wait(d -> d.findElements(By.cssSelector("table.flags tbody tr")).stream()
                .map(row -> row.getAttribute("data-key"))
                .toList());
        assertThat(keys)
                .contains(
                        "payments",
                        "recommendations",
                        "new-checkout",
                        "pricing",
                        "free-shipping-threshold",
                        "banner",
                        "wholesale-prices",
                        "checkout-config");
        assertThat(text(By.cssSelector("p.count"))).isEqualTo(keys.size() + " of " + keys.size() + " flags");
        assertThat(row("recommendations").getText())
                .contains("emergency-off")
                .contains("“off” to everyone")
                .contains("discovery-team");
        screenshot("console-flags");

        open("new-checkout");
        assertThat(text(By.cssSelector(".order")))
                .contains("Requires payments to serve “on”; otherwise off.")
                .contains("Rule beta-testers: if groups contains “beta-testers”, serve “on”.")
                .contains("Rule premium-eu: if country is one of “DE” or “NL” and plan is “premium”, serve “on”.");
        assertThat(text(By.cssSelector(".fallthrough"))).startsWith("Everyone else: “off” until 2025-01-01");
        assertThat(driver.findElements(By.id("kill-switch"))).isEmpty();
        assertThat(driver.findElements(By.linkText("Edit"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("input.rollout"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("button[data-status]"))).isEmpty();
    }

    @Test
    void editorIsOfferedEditsStatusChangesAndRolloutsButNotTheKillSwitch() throws Exception {
        signIn("editor");
        open("pricing");
        assertThat(driver.findElements(By.linkText("Edit"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("input.rollout"))).hasSize(1);
        assertThat(driver.findElements(By.id("kill-switch"))).isEmpty();
        assertThat(texts(By.cssSelector("button[data-status]")))
                .containsExactlyInAnyOrder("Make paused", "Make scheduled");
    }

    // ---- changes ----

    @Test
    void adminPullsTheKillSwitchWithAReasonAndTheShopFollows() throws Exception {
        assertThat(shop("/checkout")).contains("\"checkout\":\"new\"");
        signIn("admin");
        open("new-checkout");
        click(By.id("kill-switch"));
        click(By.id("kill-continue"));
        assertThat(text(By.id("kill-reason-error")))
                .isEqualTo("Say why: the reason is required and goes into the audit log.");
        driver.findElement(By.id("kill-reason")).sendKeys("checkout errors after deploy");
        click(By.id("kill-continue"));
        assertThat(text(By.cssSelector(".confirm"))).contains("Everyone gets “off” from now on.");
        click(By.id("kill-confirm"));

        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "emergency-off"));
        assertThat(text(By.id("status-words")))
                .isEqualTo("Kill switch pulled: off for everyone, whatever the rules say");
        assertThat(shop("/checkout")).contains("\"checkout\":\"legacy\"");
        screenshot("console-kill-switch");
        assertThat(texts(By.cssSelector("button[data-status]"))).contains("Restore to active", "Restore to paused");
    }

    @Test
    void editorWidensTheRolloutWithTheSlider() throws Exception {
        List<String> users = IntStream.range(0, 40).mapToObj(i -> "user-" + i).toList();
        Map<String, String> before = variants(users);
        signIn("editor");
        open("pricing");
        WebElement slider = driver.findElement(By.cssSelector("input.rollout"));
        assertThat(text(By.cssSelector(".weights-output"))).isEqualTo("50% “standard”, 50% “discount”");
        for (int i = 0; i < 30; i++) {
            slider.sendKeys(Keys.ARROW_LEFT);
        }
        assertThat(text(By.cssSelector(".weights-output"))).isEqualTo("20% “standard”, 80% “discount”");
        click(By.cssSelector("form.weights button[type=submit]"));

        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-version", "2"));
        assertThat(text(By.cssSelector(".fallthrough"))).isEqualTo("Everyone: 20% “standard”, 80% “discount”.");
        // Wider, not reshuffled: whoever had the discount keeps it, and some who had not get it now.
        Map<String, String> after = variants(users);
        before.forEach((user, variant) -> {
            if (variant.equals("discount")) {
                assertThat(after.get(user)).as(user).isEqualTo("discount");
            }
        });
        assertThat(after.values().stream().filter("discount"::equals).count())
                .isGreaterThan(
                        before.values().stream().filter("discount"::equals).count());
    }

    /** The pricing variant the shop serves each user. */
    Map<String, String> variants(List<String> users) throws Exception {
        Map<String, String> variants = new LinkedHashMap<>();
        for (String user : users) {
            String body = shop("/price?amount=100", user);
            variants.put(user, body.contains("\"variant\":\"discount\"") ? "discount" : "standard");
        }
        return variants;
    }

    @Test
    void editShowsValidationErrorsNextToTheirFieldAndAConflictAsChangedBySomeoneElse() throws Exception {
        signIn("editor");
        driver.get(url("/flags-console/#/flags/free-shipping-threshold/edit"));
        WebElement defaultVariant = waitFor(By.id("edit-default-variant"));
        defaultVariant.clear();
        defaultVariant.sendKeys("maybe");
        click(By.id("edit-save"));
        assertThat(text(By.id("edit-default-variant-error")))
                .isEqualTo("unknown variant 'maybe' (expected one of regular, generous)");
        assertThat(defaultVariant.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(text(By.cssSelector(".form-errors")))
                .isEqualTo("1 problem: nothing was saved. See the fields marked below.");
        screenshot("console-edit-error");

        // Someone else changes the flag behind the form's back.
        assertThat(api("PUT", "/flags/free-shipping-threshold/targets/generous", "admin", "[\"vip\"]"))
                .isEqualTo(200);
        defaultVariant.clear();
        defaultVariant.sendKeys("generous");
        click(By.id("edit-save"));
        WebElement conflict = waitFor(By.id("conflict"));
        assertThat(conflict.getText())
                .contains("Changed by someone else")
                .contains("You edited version 1; the flag is now at version 2. Nothing was saved.")
                .contains("+ targets.generous: [\"vip\"]");
        screenshot("console-conflict");

        click(By.id("conflict-keep-mine"));
        click(By.id("edit-save"));
        wait(ExpectedConditions.urlContains("#/flags/free-shipping-threshold"));
        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-version", "3"));
        assertThat(text(By.cssSelector(".variants-table, table.plain"))).contains("generous (default)");
    }

    @Test
    void statusButtonsFollowTheLifecycleAndEachChangeNeedsAReasonThatTheAuditKeeps() throws Exception {
        assertThat(api("POST", "/flags", "admin", "{\"key\": \"status-demo\", \"default-variant\": \"on\"}"))
                .isEqualTo(201);
        signIn("admin");
        open("status-demo");
        assertThat(driver.findElement(By.cssSelector("section.flag")).getAttribute("data-status"))
                .isEqualTo("active");
        // From active: paused and scheduled; archiving needs paused first; the kill switch is its own button.
        assertThat(texts(By.cssSelector("button[data-status]")))
                .containsExactlyInAnyOrder("Make paused", "Make scheduled");
        assertThat(driver.findElements(By.id("kill-switch"))).hasSize(1);

        click(By.cssSelector("button[data-status=paused]"));
        assertThat(text(By.id("status-reason-error")))
                .isEqualTo("Say why it becomes paused: the reason is required and goes into the audit log.");
        assertThat(driver.findElement(By.id("status-reason")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(driver.findElement(By.cssSelector("section.flag")).getAttribute("data-status"))
                .isEqualTo("active");

        driver.findElement(By.id("status-reason")).sendKeys("demo over");
        click(By.cssSelector("button[data-status=paused]"));
        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "paused"));
        assertThat(text(By.id("status-words"))).isEqualTo("Paused: off for everyone");
        // From paused, for an administrator: back to active, scheduled, or archived.
        assertThat(texts(By.cssSelector("button[data-status]")))
                .containsExactlyInAnyOrder("Make active", "Make scheduled", "Make archived");
        screenshot("console-status");

        String audit = apiBody("/audit?flag=status-demo&limit=1", "viewer");
        assertThat(audit)
                .contains("\"action\":\"STATUS_CHANGE\"")
                .contains("\"actor\":\"admin\"")
                .contains("\"reason\":\"demo over\"");
    }

    @Test
    void theKillSwitchCanBePulledByKeyboardAlone() throws Exception {
        assertThat(api("POST", "/flags", "admin", "{\"key\": \"keyboard-demo\", \"default-variant\": \"on\"}"))
                .isEqualTo(201);
        signIn("admin");
        open("keyboard-demo");
        tabTo("kill-switch");
        active().sendKeys(Keys.ENTER);
        assertThat(active().getAttribute("id")).isEqualTo("kill-reason");
        // Escape closes the dialog and changes nothing.
        active().sendKeys(Keys.ESCAPE);
        wait(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog")));
        assertThat(driver.findElement(By.cssSelector("section.flag")).getAttribute("data-status"))
                .isEqualTo("active");

        tabTo("kill-switch");
        active().sendKeys(Keys.ENTER);
        active().sendKeys("pulled by keyboard");
        tabTo("kill-continue");
        active().sendKeys(Keys.ENTER);
        wait(d -> "kill-confirm".equals(d.switchTo().activeElement().getAttribute("id")));
        active().sendKeys(Keys.ENTER);

        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "emergency-off"));
        assertThat(apiBody("/audit?flag=keyboard-demo&limit=1", "viewer"))
                .contains("\"action\":\"STATUS_CHANGE\"")
                .contains("\"status\":\"emergency-off\"")
                .contains("\"reason\":\"pulled by keyboard\"");
    }

    @Test
    void everyControlOnEveryScreenHasALabel() throws Exception {
        signIn("admin");
        for (String screen : List.of(
                "#/flags",
                "#/flags/pricing",
                "#/flags/free-shipping-threshold/edit",
                "#/audit",
                "#/explain",
                "#/experiments/pricing",
                "#/stale",
                "#/segments")) {
            driver.get(url("/flags-console/" + screen));
            wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main h1")));
            assertThat(unlabelledControls()).as(screen).isEmpty();
        }
        open("wholesale-prices");
        click(By.id("kill-switch"));
        waitFor(By.id("kill-reason"));
        assertThat(unlabelledControls()).as("the kill switch dialog").isEmpty();
        active().sendKeys(Keys.ESCAPE);
    }

    /** Controls with no accessible name: no label, no aria-label, no text of their own. */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) driver.executeScript("""
                const missing = [];
                for (const control of document.querySelectorAll('input, select, textarea, button')) {
                  if (control.type === 'hidden') continue;
                  const labels = control.labels ? [...control.labels].map((l) => l.textContent.trim()).join(' ') : '';
                  const name = labels || control.getAttribute('aria-label')
                    || (control.tagName === 'BUTTON' ? control.textContent.trim() : '');
                  if (!name) missing.push(control.outerHTML.slice(0, 160));
                }
                return missing;
                """);
    }

    @Test
    void signOutEndsTheSessionWithACsrfProtectedForm() throws Exception {
        signIn("viewer");
        WebElement form = waitFor(By.cssSelector("header form.sign-out"));
        assertThat(form.getAttribute("method")).isEqualTo("post");
        assertThat(form.getAttribute("action")).isEqualTo(url("/logout"));
        assertThat(form.findElement(By.cssSelector("input[type=hidden]")).getAttribute("name"))
                .isEqualTo("_csrf");
        click(By.id("sign-out"));
        wait(ExpectedConditions.urlContains("/login?logout"));
        driver.get(url("/flags-console/"));
        waitFor(By.id("username"));
        assertThat(driver.getCurrentUrl()).startsWith(url("/login"));
    }

    // ---- reading ----

    /** The sample's one references file is its own classes' (the tests reference no flag by a constant key). */
    private static final String UNREFERENCED = "referenced by no code: in none of the 1 META-INF/flags/references.tsv"
            + " file(s) on the class path, and no flag's prerequisite";

    @Test
    void staleReportListsFlagsPastTheirReviewDateWithOwnerAndEvidence() throws Exception {
        assertThat(api(
                        "POST",
                        "/flags",
                        "editor",
                        "{\"key\": \"old-banner\", \"owner\": \"marketing-team\", \"review-by\": \"2020-01-31\","
                                + " \"default-variant\": \"on\"}"))
                .isEqualTo(201);
        signIn("viewer");
        driver.get(url("/flags-console/#/stale"));
        WebElement row = waitFor(By.cssSelector("table.stale tr[data-key=old-banner]"));
        assertThat(row.getAttribute("data-reason")).isEqualTo("REVIEW_DATE_PASSED");
        assertThat(row.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly(
                        "old-banner",
                        "marketing-team",
                        "Past its review date",
                        "review date 2020-01-31 passed",
                        "History");
        // A flag made at run time is also referenced by no code: a second finding, in a row of its own.
        WebElement unreferenced =
                waitFor(By.cssSelector("table.stale tr[data-key=old-banner][data-reason=NOT_REFERENCED_BY_CODE]"));
        assertThat(unreferenced.findElements(By.tagName("td")).get(3).getText()).isEqualTo(UNREFERENCED);
        assertThat(text(By.id("stale-summary"))).contains("look like cleanup candidates");
        screenshot("console-stale");

        // The flags list marks it and filters on it.
        driver.get(url("/flags-console/#/flags"));
        WebElement staleOnly = waitFor(By.id("flag-stale"));
        assertThat(row("old-banner").findElement(By.cssSelector(".badge-stale")).getAttribute("title"))
                .isEqualTo("review date 2020-01-31 passed; " + UNREFERENCED);
        staleOnly.click();
        List<WebElement> rows = driver.findElements(By.cssSelector("table.flags tbody tr"));
        assertThat(rows)
                .extracting(r -> r.getAttribute("data-key"))
                .contains("old-banner")
                .doesNotContain("pricing");
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.findElements(By.cssSelector(".badge-stale")))
                        .hasSize(1));
    }

    @Test
    void segmentsShowTheirMembersAndRulesInWordsAndWhatUsesThem() throws Exception {
        assertThat(api(
                        "POST",
                        "/segments",
                        "editor",
                        "{\"key\": \"staff\", \"description\": \"People who work at the shop\", \"included\": [\"ann\"],"
                                + " \"excluded\": [\"contractor-7\"], \"rules\": [{\"when\": [{\"attribute\": \"email\","
                                + " \"operator\": \"ends-with\", \"value\": \"@shop.example\"}]}]}"))
                .isEqualTo(201);
        assertThat(api(
                        "POST",
                        "/segments",
                        "editor",
                        "{\"key\": \"staff-and-partners\", \"rules\": [{\"when\": [{\"operator\": \"in-segment\","
                                + " \"values\": [\"staff\"]}]}]}"))
                .isEqualTo(201);
        assertThat(
                        api(
                                "POST",
                                "/flags",
                                "editor",
                                "{\"key\": \"staff-preview\", \"default-variant\": \"off\", \"rules\": [{\"id\": \"staff\","
                                        + " \"when\": [{\"operator\": \"in-segment\", \"values\": [\"staff\"]}], \"serve\": \"on\"}]}"))
                .isEqualTo(201);
        signIn("viewer");
        driver.get(url("/flags-console/#/segments"));
        WebElement staff = waitFor(By.cssSelector("article.segment[data-key=staff]"));
        assertThat(staff.findElement(By.tagName("h2")).getText()).isEqualTo("staff version 1");
        assertThat(staff.findElements(By.cssSelector("ul.members li")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("Always in: ann", "Never in: contractor-7", "In when email ends with “@shop.example”");
        assertThat(staff.findElement(By.cssSelector(".used-by")).getText())
                .isEqualTo("Used by staff-preview. Part of staff-and-partners.");
        WebElement partners = driver.findElement(By.cssSelector("article.segment[data-key=staff-and-partners]"));
        assertThat(partners.findElement(By.cssSelector("ul.members")).getText())
                .isEqualTo("In when in segment “staff”");
        assertThat(partners.findElement(By.cssSelector(".used-by")).getText()).isEqualTo("Used by no flag.");
        screenshot("console-segments");

        staff.findElement(By.linkText("staff-preview")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), "staff-preview"));
        assertThat(text(By.cssSelector("li.rule"))).isEqualTo("Rule staff: if in segment “staff”, serve “on”.");
    }

    @Test
    void auditShowsWhoChangedWhatAndWhyAsADiff() throws Exception {
        assertThat(api(
                        "POST",
                        "/flags/recommendations/restore",
                        "admin",
                        "{\"status\": \"active\", \"reason\": \"recommendations service fixed\"}"))
                .isEqualTo(200);
        signIn("viewer");
        driver.get(url("/flags-console/#/audit"));
        waitFor(By.id("audit-flag")).sendKeys("recommendations");
        driver.findElement(By.id("audit-actor")).sendKeys("admin");
        click(By.cssSelector("form.filters button[type=submit]"));
        wait(ExpectedConditions.urlContains("actor=admin"));
        WebElement entry = waitFor(By.cssSelector(".audit-entry"));
        assertThat(driver.findElements(By.cssSelector(".audit-entry"))).hasSize(1);
        assertThat(entry.findElement(By.cssSelector(".audit-head")).getText())
                .contains("admin status change flag recommendations → version 2");
        assertThat(entry.findElement(By.cssSelector(".audit-reason")).getText())
                .isEqualTo("Reason: recommendations service fixed");
        entry.findElement(By.cssSelector("summary")).click();
        assertThat(entry.findElement(By.cssSelector(".diff-removed")).getText())
                .isEqualTo("- status: \"emergency-off\"");
    }

    @Test
    void explainShowsValueVariantReasonAndRule() throws Exception {
        signIn("viewer");
        driver.get(url("/flags-console/#/explain?flag=banner"));
        waitFor(By.id("explain-attributes")).sendKeys("country=DE");
        driver.findElement(By.id("explain-key")).sendKeys("ann");
        click(By.id("explain-run"));
        WebElement result = waitFor(By.cssSelector(".explain-result"));
        assertThat(result.findElement(By.cssSelector("[data-fact=value]")).getText())
                .isEqualTo("\"Winter sale: 20% off\"");
        assertThat(result.findElement(By.cssSelector("[data-fact=variant]")).getText())
                .isEqualTo("sale");
        assertThat(result.findElement(By.cssSelector("[data-fact=reason]")).getText())
                .isEqualTo("TARGETING_MATCH: a rule or an individual target matched");
        assertThat(result.findElement(By.cssSelector("[data-fact=matched-rule]"))
                        .getText())
                .isEqualTo("germany");
    }

    @Test
    void experimentPageShowsEveryMetricWithItsMethodAndTheGuardrail() throws Exception {
        for (int i = 0; i < 20; i++) {
            shop("/price?amount=40", "metric-shopper-" + i);
        }
        signIn("viewer");
        driver.get(url("/flags-console/#/experiments/pricing"));
        assertThat(text(By.id("analysis")))
                .isEqualTo("Sequential (always-valid intervals; look as often as you like); alpha 0.05;"
                        + " Benjamini-Hochberg correction across treatments and metrics, guardrails excluded.");
        assertThat(texts(By.cssSelector("table.metric caption")))
                .containsExactly("purchase: binomial", "revenue: mean", "order-value: ratio, guardrail");
        WebElement revenue = waitFor(By.cssSelector("table.metric[data-metric=revenue]"));
        assertThat(revenue.findElements(By.cssSelector("tbody tr")).stream()
                        .map(row -> row.getAttribute("data-variant"))
                        .toList())
                .containsExactly("standard", "discount");
        assertThat(revenue.findElement(By.cssSelector("tr[data-variant=standard] th"))
                        .getText())
                .isEqualTo("standard (control)");
        screenshot("experiment-metrics");
    }

    @Test
    void anOpenPageFollowsAChangeMadeThroughTheApi() throws Exception {
        signIn("viewer");
        open("checkout-config");
        wait(ExpectedConditions.textToBe(By.id("live"), "Live"));
        assertThat(driver.findElement(By.cssSelector("section.flag")).getAttribute("data-status"))
                .isEqualTo("active");

        assertThat(api(
                        "POST",
                        "/flags/checkout-config/status",
                        "editor",
                        "{\"status\": \"paused\", \"reason\": \"express pay outage\"}"))
                .isEqualTo(200);

        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "paused"));
        assertThat(text(By.id("status-words"))).isEqualTo("Paused: off for everyone");
        assertThat(text(By.id("toasts")))
                .contains("editor changed flag checkout-config (status change): express pay outage");
    }

    // ---- helpers ----

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void signIn(String user) {
        driver.get(url("/flags-console/"));
        waitFor(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user + "-pass");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait(ExpectedConditions.textToBe(By.cssSelector("#who .who-name"), user));
    }

    void open(String key) {
        driver.get(url("/flags-console/#/flags/" + key));
        wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), key));
    }

    /** The element that has the keyboard focus. */
    WebElement active() {
        return driver.switchTo().activeElement();
    }

    /** Presses Tab until the element with the id has the focus, as a keyboard user would. */
    void tabTo(String id) {
        for (int i = 0; i < 40; i++) {
            if (id.equals(active().getAttribute("id"))) {
                return;
            }
            active().sendKeys(Keys.TAB);
        }
        throw new AssertionError(
                "Tab never reached #" + id + "; the focus is on " + active().getTagName() + " " + active().getText());
    }

    WebElement row(String key) {
        return waitFor(By.cssSelector("tr[data-key='" + key + "']"));
    }

    WebElement waitFor(By locator) {
        return wait(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /**
     * Waits for a condition. A page renders again when the live stream reports a change (the
     * user's own included), so an element found a moment ago may be gone: try again.
     */
    <T> T wait(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    String text(By locator) {
        return wait(d -> {
            WebElement element = d.findElement(locator);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    /** The texts of every element the locator finds, read in one go. */
    List<String> texts(By locator) {
        return wait(
                d -> d.findElements(locator).stream().map(WebElement::getText).toList());
    }

    void click(By locator) {
        wait(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    void screenshot(String name) throws IOException {
        screenshot(driver, name);
    }

    /**
     * Keeps a screenshot in {@link #SCREENSHOTS}. With {@code -Dflags.test.docs-images=<directory>}
     * (for example {@code ../docs/images}) the pictures that docs/console.md shows are written
     * there too, so that the page shows what the tests saw.
     */
    static void screenshot(ChromeDriver driver, String name) throws IOException {
        Path file = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("flags.test.docs-images");
        if (docs != null && !docs.isBlank() && name.startsWith("console-")) {
            Files.copy(file, Path.of(docs).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    String shop(String path) throws Exception {
        return shop(path, null);
    }

    /** A shop request as a beta tester, or as the user given. */
    String shop(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (user == null) {
            request.header("X-User-Id", "ann").header("X-User-Groups", "beta-testers");
        } else {
            request.header("X-User-Id", user);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** An admin API read with HTTP Basic; the body. */
    String apiBody(String path, String user) throws Exception {
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/flags-admin/api" + path)))
                .header("Authorization", "Basic " + credentials)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** An admin API call with HTTP Basic, as a script would make it; the status. */
    int api(String method, String path, String user, String body) throws Exception {
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/flags-admin/api" + path)))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
