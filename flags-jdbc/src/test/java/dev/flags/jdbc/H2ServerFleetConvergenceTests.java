package dev.flags.jdbc;

import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** On H2 in server mode, the instances reaching it over TCP as separate machines would: polling alone. */
class H2ServerFleetConvergenceTests extends FleetConvergenceContract {

    private static Server server;

    private final String url = "/mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @BeforeAll
    static void start() throws SQLException {
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Override
    DataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + url);
        return dataSource;
    }

    @Override
    @Nullable
    PushChannel push(FollowingSource follower) {
        return null;
    }

    @Override
    void disturbPush() {}
}
