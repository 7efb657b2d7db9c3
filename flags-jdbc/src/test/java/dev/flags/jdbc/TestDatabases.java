package dev.flags.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database servers every machine here has, CI included: PostgreSQL on 127.0.0.1:5432 and
 * MariaDB on 127.0.0.1:3306, both with database {@code test}. System properties
 * {@code flags.test.postgres.url/.user/.password} and {@code flags.test.mariadb.url/.user/.password}
 * point the tests elsewhere.
 */
public final class TestDatabases {

    private static final DataSource POSTGRES = postgresDataSource();
    private static final DataSource MARIADB = mariaDbDataSource();

    private TestDatabases() {}

    /** The PostgreSQL test database. */
    public static DataSource postgres() {
        return POSTGRES;
    }

    /** The MariaDB test database. */
    public static DataSource mariaDb() {
        return MARIADB;
    }

    private static DataSource postgresDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(System.getProperty("flags.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        dataSource.setUser(System.getProperty("flags.test.postgres.user", "postgres"));
        dataSource.setPassword(System.getProperty("flags.test.postgres.password", ""));
        return dataSource;
    }

    private static DataSource mariaDbDataSource() {
        String url = System.getProperty("flags.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test");
        try {
            MariaDbDataSource dataSource = new MariaDbDataSource(url);
            dataSource.setUser(System.getProperty("flags.test.mariadb.user", "root"));
            dataSource.setPassword(System.getProperty("flags.test.mariadb.password", ""));
            return dataSource;
        } catch (SQLException e) {
            throw new IllegalStateException("Bad MariaDB test URL " + url, e);
        }
    }
}
