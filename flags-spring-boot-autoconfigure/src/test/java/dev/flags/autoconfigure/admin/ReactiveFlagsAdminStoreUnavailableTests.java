package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.store.TcpFaultProxy;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The WebFlux admin API on Netty while its database is cut off (an H2 server behind a loopback
 * proxy): 503 Problem Details with Retry-After, nothing written, evaluation on the last good
 * snapshot, and the same request succeeds once the database is back.
 */
class ReactiveFlagsAdminStoreUnavailableTests {

    private final Server h2;
    private final TcpFaultProxy proxy;
    private final ConfigurableApplicationContext context;
    private final WebTestClient client;

    ReactiveFlagsAdminStoreUnavailableTests() throws Exception {
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        proxy = TcpFaultProxy.to("127.0.0.1", h2.getPort());
        JdbcDataSource dataSource = new JdbcDataSource(); // no pool: a cut connection fails at once
        dataSource.setURL(
                "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        context = new SpringApplicationBuilder(ReactiveFlagsAdminTests.NettyApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("dataSource", (DataSource) dataSource))
                .web(WebApplicationType.REACTIVE)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "flags.store.type=jdbc",
                        "flags.store.follow-interval=1500ms",
                        "flags.definitions.checkout.default-variant=on",
                        "flags.admin.permissions.ROLE_ADMIN=read,write,delete,admin")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port + "/flags-admin/api")
                .defaultHeaders(headers -> headers.setBasicAuth("admin", "secret"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterEach
    void close() {
        context.close();
        proxy.close();
        h2.stop();
    }

    @Test
    void aWriteWhileTheStoreIsCutIsA503WithRetryAfterAndSucceedsOnceItIsBack() {
        proxy.cut();
        client.post()
                .uri("/flags/checkout/emergency-off")
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\": \"incident\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "2")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Store unavailable")
                .jsonPath("$.detail")
                .isEqualTo("The flag store cannot be reached; nothing was changed. Retry after 2 second(s).")
                .jsonPath("$.retryAfter")
                .isEqualTo(2);
        client.get().uri("/flags/checkout").exchange().expectStatus().isEqualTo(503);
        FlagManager flags = context.getBean(FlagManager.class);
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY))
                .as("evaluation serves the last good snapshot")
                .isTrue();

        proxy.restore();
        client.get()
                .uri("/flags/checkout")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"");
        client.post()
                .uri("/flags/checkout/emergency-off")
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\": \"incident\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"");
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();
    }
}
