package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.EvaluationContext;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.FlagAdmin;
import dev.flags.definition.FlagStatus;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.AuditQuery;
import dev.flags.store.FlagStore;
import dev.flags.store.TcpFaultProxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The admin API while its database is cut off (an H2 server behind a loopback proxy): 503 Problem
 * Details with Retry-After, nothing written, and the same request succeeds once the database is back.
 */
class FlagsAdminStoreUnavailableTests {

    private static final String API = FlagsAdminControllerTests.API;

    private final Server h2;
    private final TcpFaultProxy proxy;
    private final FlagStore store;
    private final InspectableFlagManager flags;
    private final MockMvc mvc;

    FlagsAdminStoreUnavailableTests() throws SQLException {
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        proxy = TcpFaultProxy.to("127.0.0.1", h2.getPort());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(
                "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = JdbcFlags.store(dataSource).build();
        flags = FlagsAdminControllerTests.seededManager(store);
        FlagAdmin admin = FlagAdmin.builder(store).flagManager(flags).build();
        mvc = MockMvcBuilders.standaloneSetup(
                        new FlagsAdminController(admin, request -> FlagsAdminControllerTests.ACTORS.get("admin")))
                .setControllerAdvice(new FlagsAdminProblems(), new FlagsAdminStoreUnavailable(Duration.ofMillis(1500)))
                .build();
    }

    @AfterEach
    void close() {
        flags.close();
        proxy.close();
        h2.stop();
    }

    @Test
    void aWriteWhileTheStoreIsCutIsA503WithRetryAfterAndChangesNothing() throws Exception {
        long entries = store.audit(AuditQuery.ALL).size();
        proxy.cut();

        mvc.perform(post(API + "/flags/checkout/emergency-off")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"incident\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "2"))
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, "application/problem+json"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.title").value("Store unavailable"))
                .andExpect(jsonPath("$.detail")
                        .value("The flag store cannot be reached; nothing was changed. Retry after 2 second(s)."))
                .andExpect(jsonPath("$.retryAfter").value(2));
        mvc.perform(get(API + "/flags/checkout"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "2"));
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY))
                .as("evaluation serves the last good snapshot")
                .isTrue();

        proxy.restore();
        assertThat(store.audit(AuditQuery.ALL)).as("nothing half-written").hasSize((int) entries);
        assertThat(store.flag("checkout").version()).isEqualTo(1);

        mvc.perform(post(API + "/flags/checkout/emergency-off")
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"incident\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""));
        assertThat(store.flag("checkout").definition().status()).isEqualTo(FlagStatus.EMERGENCY_OFF);
        assertThat(store.audit(AuditQuery.ALL)).hasSize((int) entries + 1);
        assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();
    }
}
