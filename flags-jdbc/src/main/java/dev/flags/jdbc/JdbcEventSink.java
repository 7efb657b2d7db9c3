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
 *   conversion_value DOUBLE PRECISION,       -- conversions; NULL without a value
 *   covariate        VARCHAR(255),           -- covariates: the context attribute
 *   covariate_value  DOUBLE PRECISION        -- covariates: its value at exposure
 * )
 * </pre>
 *
 * <p>An exposure with covariates (the numeric context attributes its experiment's metrics use for
 * CUPED) writes one more row per covariate, of type {@code covariate}, with the exposure's columns
 * and the attribute and value. A table created before the covariate columns existed gets them on
 * first use ({@code ALTER TABLE ... ADD COLUMN}, safe when several instances race).
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
                + " rule_id, conversion, conversion_value, covariate, covariate_value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
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
                    + "conversion_value DOUBLE PRECISION, "
                    + "covariate VARCHAR(255), "
                    + "covariate_value DOUBLE PRECISION)");
        } catch (SQLException raced) {
            // Instances starting together race on IF NOT EXISTS (PostgreSQL then fails on its
            // catalog): fine when the table is there after, else the batch fails as before.
            if (!hasColumn(dataSource, table, "event_type")) {
                throw raced;
            }
        }
        migrate(dataSource, table);
        created = true;
    }

    /**
     * Adds the columns later versions write to a table created by an earlier one. Another instance
     * may add them at the same time: a failed {@code ALTER} is fine when the column is there after.
     */
    static void migrate(DataSource dataSource, String table) throws SQLException {
        addColumnIfMissing(dataSource, table, "covariate", "VARCHAR(255)");
        addColumnIfMissing(dataSource, table, "covariate_value", "DOUBLE PRECISION");
    }

    private static void addColumnIfMissing(DataSource dataSource, String table, String column, String type)
            throws SQLException {
        if (hasColumn(dataSource, table, column)) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
        } catch (SQLException raced) {
            if (!hasColumn(dataSource, table, column)) {
                throw raced;
            }
        }
    }

    private static boolean hasColumn(DataSource dataSource, String table, String column) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // Portable across H2, PostgreSQL and MariaDB, whatever case the catalog keeps names in.
            statement
                    .executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")
                    .close();
            return true;
        } catch (SQLException missing) {
            return false;
        }
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
                        statement.setNull(10, Types.VARCHAR);
                        statement.setNull(11, Types.DOUBLE);
                        statement.addBatch();
                        for (java.util.Map.Entry<String, Double> covariate :
                                exposure.covariates().entrySet()) {
                            if (!Double.isFinite(covariate.getValue())) {
                                continue;
                            }
                            statement.setString(1, "covariate");
                            statement.setString(10, covariate.getKey());
                            statement.setDouble(11, covariate.getValue());
                            statement.addBatch();
                        }
                        continue;
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
                        statement.setNull(10, Types.VARCHAR);
                        statement.setNull(11, Types.DOUBLE);
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
