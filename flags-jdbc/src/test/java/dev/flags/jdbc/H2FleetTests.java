package dev.flags.jdbc;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2FleetTests extends JdbcFleetContract {

    private static final JdbcDataSource DATA_SOURCE = new JdbcDataSource();

    static {
        DATA_SOURCE.setURL("jdbc:h2:mem:fleet;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
    }

    @Override
    DataSource dataSource() {
        return DATA_SOURCE;
    }
}
