package dev.flags.jdbc;

import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On MariaDB, which has no push of its own: polling alone (flags-redis adds a push channel). */
class MariaDbFleetConvergenceTests extends FleetConvergenceContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabases.MARIADB;

    @Override
    DataSource dataSource() {
        return DATABASE.dataSource();
    }

    @Override
    @Nullable
    PushChannel push(FollowingSource follower) {
        return null;
    }

    @Override
    void disturbPush() {}
}
