package dev.flags.jdbc;

import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import dev.flags.store.TcpFaultProxy;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On PostgreSQL, with LISTEN/NOTIFY through a loopback proxy that cuts and then delays the channels. */
class PostgresFleetConvergenceTests extends FleetConvergenceContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabases.POSTGRES;

    private final TcpFaultProxy proxy = TcpFaultProxy.to("127.0.0.1", 5432);

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE.dataSource();
    }

    @Override
    PushChannel push(FollowingSource follower) {
        DataSource throughProxy =
                TestDatabases.postgres("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test", "postgres", "");
        return JdbcFlags.listen(throughProxy, prefix, follower, Duration.ofMillis(300));
    }

    @Override
    void disturbPush() throws InterruptedException {
        Thread.sleep(300);
        proxy.cut();
        Thread.sleep(400);
        proxy.restore();
        proxy.delay(Duration.ofMillis(20));
    }
}
