package dev.flags.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs against the MariaDB server on 127.0.0.1:3306 (database test); skipped where none answers. */
class MariaDbFleetTests extends JdbcFleetContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabases.MARIADB;

    @Override
    DataSource dataSource() {
        return DATABASE.dataSource();
    }
}
