package dev.flags.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console's live updates across a fleet: two instances of the sample app on one JDBC store (an
 * H2 database in server mode, reached over TCP by both), each following the store's change log
 * ({@code flags.store.*}). A browser on one instance sees a change made through the other's admin
 * API without a reload: the other instance writes the store, this one's follower applies the
 * change, and its event stream tells the page. Instance A ends its streams after 3 seconds, so the
 * page also shows that the browser reconnects; instance B serves one stream only, so a second
 * page there is refused one and falls back to polling.
 */
@ExtendWith(SystemChromium.class)
class ConsoleFleetBrowserTests {

    static final Path SCREENSHOTS = ConsoleBrowserTests.SCREENSHOTS;

    static final Duration PATIENCE = Duration.ofSeconds(25);

    static Server database;

    static ConfigurableApplicationContext instanceA;

    static ConfigurableApplicationContext instanceB;

    /** A on localhost, B on 127.0.0.1: two origins, so their session cookies stay apart. */
    static String a;

    static String b;

    static ChromeDriver driver;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path files) throws SQLException, IOException {
        database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        String url = "jdbc:h2:tcp://localhost:" + database.getPort() + "/mem:console-fleet-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1";
        instanceA = instance(
                url,
                files.resolve("backup-a.json"),
                "--flags.admin.events.max-lifetime=3s",
                "--flags.admin.events.heartbeat=1s");
        instanceB = instance(
                url,
                files.resolve("backup-b.json"),
                "--flags.admin.events.max-streams=1",
                "--flags.admin.events.heartbeat=500ms");
        a = "http://localhost:" + port(instanceA);
        b = "http://127.0.0.1:" + port(instanceB);
        driver = new SystemChromium().start(files.resolve("profile"));
        Files.createDirectories(SCREENSHOTS);
    }

    /** One instance; command-line arguments, because they win over the tests' application.properties. */
    static ConfigurableApplicationContext instance(String url, Path backup, String... events) {
        String[] common = {
            "--server.port=0",
            "--spring.datasource.url=" + url,
            "--flags.store.follow-interval=200ms",
            "--flags.store.backup-file=" + backup,
            "--spring.main.banner-mode=off"
        };
        String[] args = new String[common.length + events.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(events, 0, args, common.length, events.length);
        return new SpringApplicationBuilder(ShopApplication.class).run(args);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {instanceA, instanceB}) {
            if (context != null) {
                context.close();
            }
        }
        if (database != null) {
            database.stop();
        }
    }

    @AfterEach
    void signOut() {
        driver.manage().deleteAllCookies();
        driver.get(a + "/login");
        driver.manage().deleteAllCookies();
        driver.get(b + "/login");
        driver.manage().deleteAllCookies();
    }

    @Test
    void aPageOnOneInstanceFollowsChangesMadeThroughTheOtherAcrossReconnections() throws Exception {
        signIn(a, "viewer");
        driver.get(a + "/flags-console/#/flags/banner");
        wait(ExpectedConditions.textToBe(By.id("live"), "Live"));
        assertThat(status()).isEqualTo("active");

        assertThat(post(b, "/flags/banner/status", "{\"status\": \"paused\", \"reason\": \"fleet test\"}"))
                .isEqualTo(200);
        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "paused"));
        assertThat(text(By.id("status-words"))).isEqualTo("Paused: off for everyone");
        screenshot("console-fleet-live");

        // Past A's 3 s maximum lifetime the server has ended the page's stream and the browser has
        // opened another one by itself: the next change still arrives, still without a reload.
        Thread.sleep(4500);
        wait(ExpectedConditions.textToBe(By.id("live"), "Live"));
        assertThat(post(b, "/flags/banner/status", "{\"status\": \"active\", \"reason\": \"fleet test over\"}"))
                .isEqualTo(200);
        wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "active"));
        assertThat(driver.getCurrentUrl()).isEqualTo(a + "/flags-console/#/flags/banner");
    }

    @Test
    void aPageRefusedAStreamSaysItIsNotLiveAndPollsForChanges() throws Exception {
        // Another client holds B's only stream.
        HttpResponse<InputStream> held = openStreamWhenFree(b);
        try {
            HttpResponse<String> refused = http.send(
                    request(b, "/events").header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");

            signIn(b, "viewer");
            driver.get(b + "/flags-console/#/flags/checkout-config");
            wait(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "polling"));
            assertThat(text(By.id("live"))).isEqualTo("Not live: checking every 10 s");
            assertThat(status()).isEqualTo("active");
            screenshot("console-polling");

            assertThat(post(a, "/flags/checkout-config/status", "{\"status\": \"paused\", \"reason\": \"polled\"}"))
                    .isEqualTo(200);
            wait(ExpectedConditions.attributeToBe(By.cssSelector("section.flag"), "data-status", "paused"));
            assertThat(text(By.id("toasts"))).contains("checkout-config changed; showing the new version.");
        } finally {
            held.body().close();
        }
    }

    // ---- helpers ----

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    void signIn(String instance, String user) {
        driver.get(instance + "/flags-console/");
        waitFor(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user + "-pass");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait(ExpectedConditions.textToBe(By.cssSelector("#who .who-name"), user));
    }

    String status() {
        return wait(d -> d.findElement(By.cssSelector("section.flag")).getAttribute("data-status"));
    }

    /** A change stream of the instance, once a place is free (pages of earlier tests may hold one briefly). */
    HttpResponse<InputStream> openStreamWhenFree(String instance) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            HttpResponse<InputStream> response = http.send(
                    request(instance, "/events")
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                assertThat(response.statusCode()).isEqualTo(200);
                return response;
            }
            response.body().close();
            Thread.sleep(200);
        }
    }

    /** An admin API POST as the editor, with HTTP Basic as a script would send it; the status. */
    int post(String instance, String path, String body) throws Exception {
        HttpRequest request = request(instance, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static HttpRequest.Builder request(String instance, String path) {
        String credentials = Base64.getEncoder().encodeToString("editor:editor-pass".getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(instance + "/flags-admin/api" + path))
                .header("Authorization", "Basic " + credentials);
    }

    org.openqa.selenium.WebElement waitFor(By locator) {
        return wait(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    String text(By locator) {
        return wait(d -> {
            org.openqa.selenium.WebElement element = d.findElement(locator);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    <T> T wait(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    void screenshot(String name) throws IOException {
        ConsoleBrowserTests.screenshot(driver, name);
    }
}
