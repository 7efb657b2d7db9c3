package dev.flags.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs against the PostgreSQL server on 127.0.0.1:5432 (database test); skipped where none answers. */
class PostgresFleetTests extends JdbcFleetContract {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabases.POSTGRES;

    @Override
    DataSource dataSource() {
        return DATABASE.dataSource();
    }
}
