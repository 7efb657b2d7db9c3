package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class H2EventSinkTests extends JdbcEventSinkContract {

    private static final JdbcDataSource DATA_SOURCE = new JdbcDataSource();

    static {
        DATA_SOURCE.setURL("jdbc:h2:mem:experiment-events;DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource dataSource() {
        return DATA_SOURCE;
    }

    @Test
    void jdbcSinkRejectsUnsafeTableNames() {
        assertThatThrownBy(() -> JdbcFlags.eventSink(new org.h2.jdbcx.JdbcDataSource(), "events; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid table name 'events; DROP TABLE x' (use up to 63 letters, digits and underscores,"
                        + " starting with a letter)");
    }
}
