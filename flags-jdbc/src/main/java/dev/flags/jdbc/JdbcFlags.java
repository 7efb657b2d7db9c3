package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.spi.ExperimentEventSink;
import javax.sql.DataSource;

/**
 * Persistence on any JDBC database (tested on H2, PostgreSQL and MariaDB): the flag store and the
 * experiment event sink. Results over the sink's table come from {@link JdbcExperimentResults}.
 */
public final class JdbcFlags {

    private JdbcFlags() {}

    /**
     * Starts configuring a JDBC flag store over a data source. Its tables are created or migrated
     * when it is built.
     *
     * @param dataSource where the tables live
     * @return the builder
     */
    public static JdbcFlagStoreBuilder store(DataSource dataSource) {
        return new JdbcFlagStoreBuilder(requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Writes events to a table through a plain {@link DataSource}, one row per event and one
     * transaction per batch, creating the table on first use if it is missing. Columns:
     * {@code event_type} ({@code exposure} or {@code conversion}), {@code occurred_at} (epoch
     * milliseconds, UTC), {@code targeting_key}; for exposures {@code flag_key}, {@code variant},
     * {@code reason}, {@code rule_id}; for conversions {@code conversion},
     * {@code conversion_value}. Tested on H2, PostgreSQL and MariaDB. A batch that fails to write
     * is logged and lost, not retried.
     *
     * @param dataSource where the table lives (H2, PostgreSQL, MariaDB/MySQL)
     * @param table the table name: letters, digits and underscores, starting with a letter
     * @return the sink
     */
    public static ExperimentEventSink eventSink(DataSource dataSource, String table) {
        return new JdbcEventSink(dataSource, table);
    }
}
