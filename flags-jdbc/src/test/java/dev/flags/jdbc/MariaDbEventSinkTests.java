package dev.flags.jdbc;

import javax.sql.DataSource;

/** Runs against the MariaDB server every machine here has on 127.0.0.1:3306 (database test). */
class MariaDbEventSinkTests extends JdbcEventSinkContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.mariaDb();
    }
}
