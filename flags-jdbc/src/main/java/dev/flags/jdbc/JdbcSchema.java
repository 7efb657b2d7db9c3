package dev.flags.jdbc;

import dev.flags.store.FlagStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store's tables: creates them, migrates them to this library's schema version (safe from
 * several instances at once) and drops them for tests.
 */
final class JdbcSchema {

    private static final Logger log = LoggerFactory.getLogger(JdbcFlagStore.class);

    /** The schema version this code reads and writes. */
    static final int VERSION = 3;

    private final DataSource dataSource;
    private final String prefix;
    private final Clock clock;

    JdbcSchema(DataSource dataSource, String prefix, Clock clock) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.clock = clock;
    }

    private List<String> migration(int version, String text) {
        if (version == 3) {
            // Where each instance reports the sequence it applied, for the fleet listing.
            return List.of("CREATE TABLE IF NOT EXISTS " + prefix + "instances (instance_id VARCHAR(200) NOT NULL"
                    + " PRIMARY KEY, host VARCHAR(200) NOT NULL, applied BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
                    + " started BIGINT NOT NULL)");
        }
        if (version == 2) {
            // The row that exclusive writes hold, so that validation is serialized across instances.
            return List.of("CREATE TABLE IF NOT EXISTS " + prefix + "lock (id INT NOT NULL PRIMARY KEY)");
        }
        if (version != 1) {
            throw new IllegalArgumentException("no migration to schema version " + version);
        }
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + prefix + "sequence (id INT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "flags (flag_key VARCHAR(200) NOT NULL PRIMARY KEY,"
                        + " version BIGINT NOT NULL, status VARCHAR(20) NOT NULL, body " + text + " NOT NULL,"
                        + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT,"
                        + " seq BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "segments (segment_key VARCHAR(200) NOT NULL PRIMARY KEY,"
                        + " version BIGINT NOT NULL, body " + text + " NOT NULL, created_at BIGINT NOT NULL,"
                        + " updated_at BIGINT NOT NULL, seq BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + prefix + "changes (seq BIGINT NOT NULL PRIMARY KEY,"
                        + " occurred_at BIGINT NOT NULL, kind VARCHAR(10) NOT NULL, entity_key VARCHAR(200) NOT NULL,"
                        + " action VARCHAR(30) NOT NULL, actor VARCHAR(200) NOT NULL, version BIGINT NOT NULL,"
                        + " before_body " + text + ", after_body " + text + ", reason " + text + ")",
                "CREATE INDEX IF NOT EXISTS " + prefix + "changes_entity ON " + prefix + "changes (entity_key)",
                "CREATE INDEX IF NOT EXISTS " + prefix + "changes_actor ON " + prefix + "changes (actor)",
                "CREATE INDEX IF NOT EXISTS " + prefix + "changes_time ON " + prefix + "changes (occurred_at)");
    }

    /** Creates the tables or applies the migrations this version of the library knows. */
    void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            String text = textType(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + prefix
                        + "schema_version (version INT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            int current = schemaVersion(connection);
            if (current > VERSION) {
                throw new FlagStoreException(
                        "The flag store tables " + prefix + "* are at schema version " + current
                                + ", newer than this library's " + VERSION + "; upgrade the library",
                        new IllegalStateException("schema version " + current));
            }
            for (int version = current + 1; version <= VERSION; version++) {
                applyMigration(connection, version, text);
            }
            ensureRow(connection, "sequence", "(id, seq) VALUES (1, 0)");
            ensureRow(connection, "lock", "(id) VALUES (1)");
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot create or migrate the flag store tables " + prefix + "*", e);
        }
    }

    private void applyMigration(Connection connection, int version, String text) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration(version, text)) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + prefix + "schema_version (version, applied_at) VALUES (?, ?)")) {
            insert.setInt(1, version);
            insert.setLong(2, clock.millis());
            insert.executeUpdate();
            log.info("Flag store tables {}* migrated to schema version {}", prefix, version);
        } catch (SQLException e) {
            // Another instance migrating at the same time recorded the version first; the statements
            // above are idempotent, so the schema is in place either way.
            if (schemaVersion(connection) < version) {
                throw e;
            }
        }
    }

    private int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + prefix + "schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void ensureRow(Connection connection, String table, String values) throws SQLException {
        if (rows(connection, table) > 0) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + prefix + table + " " + values);
        } catch (SQLException e) {
            // Another instance migrating at the same time inserted it first.
            if (rows(connection, table) == 0) {
                throw e;
            }
        }
    }

    private long rows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + prefix + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String textType(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("mariadb") || product.contains("mysql")) {
            return "LONGTEXT";
        }
        if (product.contains("h2")) {
            return "CLOB";
        }
        return "TEXT";
    }

    /** Drops the store's tables; for tests that must leave a shared database clean. */
    void dropTables() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table :
                    List.of("changes", "segments", "flags", "sequence", "lock", "instances", "schema_version")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot drop the flag store tables " + prefix + "*", e);
        }
    }
}
