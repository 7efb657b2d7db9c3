package dev.flags.experiment;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Runs against the PostgreSQL server every machine here has on 127.0.0.1:5432 (database test). */
class PostgresEventSinkTests extends JdbcEventSinkContract {

    private static final PGSimpleDataSource DATA_SOURCE = new PGSimpleDataSource();

    static {
        DATA_SOURCE.setURL(System.getProperty("flags.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        DATA_SOURCE.setUser(System.getProperty("flags.test.postgres.user", "postgres"));
        DATA_SOURCE.setPassword(System.getProperty("flags.test.postgres.password", ""));
    }

    @Override
    DataSource dataSource() {
        return DATA_SOURCE;
    }
}
