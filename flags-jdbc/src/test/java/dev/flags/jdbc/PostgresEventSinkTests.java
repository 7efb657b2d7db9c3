package dev.flags.jdbc;

import javax.sql.DataSource;

/** Runs against the PostgreSQL server every machine here has on 127.0.0.1:5432 (database test). */
class PostgresEventSinkTests extends JdbcEventSinkContract {

    @Override
    DataSource dataSource() {
        return TestDatabases.postgres();
    }
}
