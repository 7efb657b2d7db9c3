package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Writes experiment events to one table through a plain {@link DataSource}, one row per event,
 * batched per {@link #flush()} in one transaction. The table is created on first use if missing:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS &lt;table&gt; (
 *   event_type       VARCHAR(16)  NOT NULL,  -- 'exposure' or 'conversion'
 *   occurred_at      BIGINT       NOT NULL,  -- epoch milliseconds, UTC
 *   targeting_key    VARCHAR(255),
 *   flag_key         VARCHAR(255),           -- exposures
 *   variant          VARCHAR(255),           -- exposures
 *   reason           VARCHAR(32),            -- exposures
 *   rule_id          VARCHAR(255),           -- exposures; NULL for the fallthrough
 *   conversion       VARCHAR(255),           -- conversions
 *   conversion_value DOUBLE PRECISION        -- conversions; NULL without a value
 * )
 * </pre>
 *
 * Tested on H2, PostgreSQL and MariaDB. A batch that fails to write is logged by the dispatcher
 * and counted in {@link #failedEvents()}; it is not retried.
 */
final class JdbcEventSink implements ExperimentEventSink {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private final String insert;
    private final List<Object> pending = new ArrayList<>();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean created;

    JdbcEventSink(DataSource dataSource, String table) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.table = checkTable(table);
        this.insert = "INSERT INTO " + table + " (event_type, occurred_at, targeting_key, flag_key, variant, reason,"
                + " rule_id, conversion, conversion_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    static String checkTable(String table) {
        requireNonNull(table, "table");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("invalid table name '" + table
                    + "' (use up to 63 letters, digits and underscores, starting with a letter)");
        }
        return table;
    }

    /** Creates the table if it does not exist. */
    void createTable() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + "event_type VARCHAR(16) NOT NULL, "
                    + "occurred_at BIGINT NOT NULL, "
                    + "targeting_key VARCHAR(255), "
                    + "flag_key VARCHAR(255), "
                    + "variant VARCHAR(255), "
                    + "reason VARCHAR(32), "
                    + "rule_id VARCHAR(255), "
                    + "conversion VARCHAR(255), "
                    + "conversion_value DOUBLE PRECISION)");
        }
        created = true;
    }

    @Override
    public void exposure(ExposureEvent exposure) {
        pending.add(exposure);
    }

    @Override
    public void conversion(ConversionEvent conversion) {
        pending.add(conversion);
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        int size = pending.size();
        try {
            if (!created) {
                createTable();
            }
            write();
            written.add(size);
        } catch (SQLException e) {
            failed.add(size);
            throw new IllegalStateException(
                    "Could not write " + size + " experiment event(s) to table " + table + ": " + e.getMessage(), e);
        } finally {
            pending.clear();
        }
    }

    private void write() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (Object event : pending) {
                    if (event instanceof ExposureEvent exposure) {
                        statement.setString(1, "exposure");
                        statement.setLong(2, exposure.time().toEpochMilli());
                        statement.setString(3, exposure.targetingKey());
                        statement.setString(4, exposure.flagKey());
                        statement.setString(5, exposure.variant());
                        statement.setString(6, exposure.reason().name());
                        setNullableString(statement, 7, exposure.ruleId());
                        statement.setNull(8, Types.VARCHAR);
                        statement.setNull(9, Types.DOUBLE);
                    } else {
                        ConversionEvent conversion = (ConversionEvent) event;
                        statement.setString(1, "conversion");
                        statement.setLong(2, conversion.time().toEpochMilli());
                        setNullableString(statement, 3, conversion.context().targetingKey());
                        statement.setNull(4, Types.VARCHAR);
                        statement.setNull(5, Types.VARCHAR);
                        statement.setNull(6, Types.VARCHAR);
                        statement.setNull(7, Types.VARCHAR);
                        statement.setString(8, conversion.name());
                        if (conversion.value() == null || !Double.isFinite(conversion.value())) {
                            statement.setNull(9, Types.DOUBLE);
                        } else {
                            statement.setDouble(9, conversion.value());
                        }
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void setNullableString(
            PreparedStatement statement, int index, @org.jspecify.annotations.Nullable String value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Events written so far. */
    long writtenEvents() {
        return written.sum();
    }

    /** Events lost to failed writes so far. */
    long failedEvents() {
        return failed.sum();
    }

    String table() {
        return table;
    }

    @Override
    public String toString() {
        return "JDBC sink (table " + table + ")";
    }
}
