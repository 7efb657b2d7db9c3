package dev.flags.experiment;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/** Runs against the MariaDB server every machine here has on 127.0.0.1:3306 (database test). */
class MariaDbEventSinkTests extends JdbcEventSinkContract {

    private static final MariaDbDataSource DATA_SOURCE = dataSource(
            System.getProperty("flags.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test"),
            System.getProperty("flags.test.mariadb.user", "root"),
            System.getProperty("flags.test.mariadb.password", ""));

    private static MariaDbDataSource dataSource(String url, String user, String password) {
        try {
            MariaDbDataSource dataSource = new MariaDbDataSource(url);
            dataSource.setUser(user);
            dataSource.setPassword(password);
            return dataSource;
        } catch (SQLException e) {
            throw new IllegalStateException("Bad MariaDB test URL " + url, e);
        }
    }

    @Override
    DataSource dataSource() {
        return DATA_SOURCE;
    }
}
