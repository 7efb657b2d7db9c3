package dev.flags.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database servers every machine here has, CI included: PostgreSQL on 127.0.0.1:5432 (user
 * {@code postgres}) and MariaDB on 127.0.0.1:3306 (user {@code root}, no password), both with
 * database {@code test}. System properties {@code flags.test.postgres.url/.user/.password} and
 * {@code flags.test.mariadb.url/.user/.password}, or the environment variables
 * {@code FLAGS_TEST_POSTGRES_URL/_USER/_PASSWORD} and {@code FLAGS_TEST_MARIADB_URL/_USER/_PASSWORD},
 * point the tests elsewhere. Where a server does not answer its tests are skipped, unless
 * {@code FLAGS_TEST_REQUIRE_DATABASES=true} (set by {@code .ci/run}) makes that a failure.
 */
final class TestDatabases {

    /** The PostgreSQL test database; register it with {@code @RegisterExtension} to skip without it. */
    static final TestDatabase POSTGRES = TestDatabase.configure(
            "PostgreSQL",
            "postgres",
            "jdbc:postgresql://127.0.0.1:5432/test",
            "postgres",
            TestDatabases::postgres,
            System::getProperty,
            System::getenv);

    /** The MariaDB test database; register it with {@code @RegisterExtension} to skip without it. */
    static final TestDatabase MARIADB = TestDatabase.configure(
            "MariaDB",
            "mariadb",
            "jdbc:mariadb://127.0.0.1:3306/test",
            "root",
            TestDatabases::mariaDb,
            System::getProperty,
            System::getenv);

    private TestDatabases() {}

    static DataSource postgres(String url, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    static DataSource mariaDb(String url, String user, String password) throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }
}
