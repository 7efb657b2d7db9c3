package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.ChangeNote;
import dev.flags.store.EntityKind;
import dev.flags.store.FlagChange;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreException;
import dev.flags.store.SegmentChange;
import dev.flags.store.StaleVersionException;
import dev.flags.store.StoreContents;
import dev.flags.store.StoreSupport;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a relational database through plain JDBC, tested on H2, PostgreSQL and MariaDB.
 *
 * <p>Tables ({@code flags_} is the default prefix): {@code flags_schema_version} (applied
 * migrations), {@code flags_sequence} (one row holding the last change's sequence number),
 * {@code flags_flags} and {@code flags_segments} (definition bodies as JSON text in the
 * definitions format, with version and timestamps in epoch milliseconds), and
 * {@code flags_changes} (the change and audit log).
 *
 * <p>Every write is one transaction that first increments the sequence row. That row lock
 * serializes writers across instances, so sequence numbers are assigned in commit order without
 * gaps, and the version check that follows sees the latest committed state. The entity row and its
 * log entry are written in the same transaction: either both are committed or neither is.
 */
final class JdbcFlagStore implements FlagStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcFlagStore.class);

    /** The schema version this code reads and writes. */
    static final int SCHEMA_VERSION = 1;

    private final DataSource dataSource;
    private final String prefix;
    private final Clock clock;
    private final StoreSupport writes = new StoreSupport();

    JdbcFlagStore(DataSource dataSource, String prefix, Clock clock) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "jdbc store (" + prefix + "*)";
    }

    // ---- schema ----

    private List<String> migration(int version, String text) {
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
            if (current > SCHEMA_VERSION) {
                throw new FlagStoreException(
                        "The flag store tables " + prefix + "* are at schema version " + current
                                + ", newer than this library's " + SCHEMA_VERSION + "; upgrade the library",
                        new IllegalStateException("schema version " + current));
            }
            for (int version = current + 1; version <= SCHEMA_VERSION; version++) {
                applyMigration(connection, version, text);
            }
            ensureSequenceRow(connection);
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

    private void ensureSequenceRow(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + prefix + "sequence")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + prefix + "sequence (id, seq) VALUES (1, 0)");
        } catch (SQLException e) {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + prefix + "sequence")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw e;
                }
            }
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
            for (String table : List.of("changes", "segments", "flags", "sequence", "schema_version")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot drop the flag store tables " + prefix + "*", e);
        }
    }

    String prefix() {
        return prefix;
    }

    // ---- reads ----

    @Override
    public StoreContents contents() {
        try (Connection connection = dataSource.getConnection()) {
            int isolation = connection.getTransactionIsolation();
            boolean autoCommit = connection.getAutoCommit();
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                long sequence;
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT seq FROM " + prefix + "sequence WHERE id = 1")) {
                    rs.next();
                    sequence = rs.getLong(1);
                }
                List<StoredFlag> flags = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery(flagSelect() + " ORDER BY flag_key")) {
                    while (rs.next()) {
                        flags.add(flag(rs));
                    }
                }
                List<StoredSegment> segments = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery(segmentSelect() + " ORDER BY segment_key")) {
                    while (rs.next()) {
                        segments.add(segment(rs));
                    }
                }
                connection.commit();
                return new StoreContents(flags, segments, sequence);
            } finally {
                restore(connection, autoCommit, isolation);
            }
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the flag store " + prefix + "*", e);
        }
    }

    @Override
    public @Nullable StoredFlag flag(String key) {
        requireNonNull(key, "key");
        try (Connection connection = dataSource.getConnection()) {
            return flag(connection, key);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read flag '" + key + "' from the flag store", e);
        }
    }

    @Override
    public @Nullable StoredSegment segment(String key) {
        requireNonNull(key, "key");
        try (Connection connection = dataSource.getConnection()) {
            return segment(connection, key);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read segment '" + key + "' from the flag store", e);
        }
    }

    private String flagSelect() {
        return "SELECT flag_key, version, body, created_at, updated_at, archived_at FROM " + prefix + "flags";
    }

    private String segmentSelect() {
        return "SELECT segment_key, version, body, created_at, updated_at FROM " + prefix + "segments";
    }

    private @Nullable StoredFlag flag(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(flagSelect() + " WHERE flag_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? flag(rs) : null;
            }
        }
    }

    private @Nullable StoredSegment segment(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(segmentSelect() + " WHERE segment_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? segment(rs) : null;
            }
        }
    }

    private static StoredFlag flag(ResultSet rs) throws SQLException {
        String key = rs.getString(1);
        long archived = rs.getLong(6);
        Instant archivedAt = rs.wasNull() ? null : Instant.ofEpochMilli(archived);
        return new StoredFlag(
                StoreSupport.flagFromJson(key, rs.getString(3)),
                rs.getLong(2),
                Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                archivedAt);
    }

    private static StoredSegment segment(ResultSet rs) throws SQLException {
        String key = rs.getString(1);
        return new StoredSegment(
                StoreSupport.segmentFromJson(key, rs.getString(3)),
                rs.getLong(2),
                Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    @Override
    public List<AuditEntry> changesSince(long sequence, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        changeSelect() + " WHERE seq > ? ORDER BY seq LIMIT " + Math.max(0, limit))) {
            select.setLong(1, sequence);
            return entries(select);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the flag store's change log", e);
        }
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        requireNonNull(query, "query");
        StringBuilder sql = new StringBuilder(changeSelect()).append(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.kind() != null) {
            sql.append(" AND kind = ?");
            parameters.add(query.kind().name());
        }
        if (query.key() != null) {
            sql.append(" AND entity_key = ?");
            parameters.add(query.key());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            parameters.add(query.actor());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            parameters.add(query.from().toEpochMilli());
        }
        if (query.until() != null) {
            sql.append(" AND occurred_at < ?");
            parameters.add(query.until().toEpochMilli());
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(query.limit());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            return entries(select);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the flag store's audit log", e);
        }
    }

    private String changeSelect() {
        return "SELECT seq, occurred_at, kind, entity_key, action, actor, version, before_body, after_body, reason"
                + " FROM " + prefix + "changes";
    }

    private static List<AuditEntry> entries(PreparedStatement select) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                entries.add(new AuditEntry(
                        rs.getLong(1),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        EntityKind.valueOf(rs.getString(3)),
                        rs.getString(4),
                        AuditAction.valueOf(rs.getString(5)),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10)));
            }
        }
        return List.copyOf(entries);
    }

    // ---- writes ----

    /** One write inside the transaction, given the sequence number it was assigned. */
    private interface Work<T> {
        T run(Connection connection, long sequence) throws SQLException;
    }

    private <T> T write(String what, Work<T> work) {
        T result;
        try (Connection connection = dataSource.getConnection()) {
            int isolation = connection.getTransactionIsolation();
            boolean autoCommit = connection.getAutoCommit();
            try {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                result = work.run(connection, nextSequence(connection));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                restore(connection, autoCommit, isolation);
            }
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot " + what + " in the flag store; nothing was changed", e);
        }
        writes.changed();
        return result;
    }

    private long nextSequence(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Takes the row lock that serializes writers until this transaction ends.
            int updated = statement.executeUpdate("UPDATE " + prefix + "sequence SET seq = seq + 1 WHERE id = 1");
            if (updated != 1) {
                throw new SQLException("the sequence row of " + prefix + "sequence is missing");
            }
            try (ResultSet rs = statement.executeQuery("SELECT seq FROM " + prefix + "sequence WHERE id = 1")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit, int isolation) {
        try {
            connection.setAutoCommit(autoCommit);
            connection.setTransactionIsolation(isolation);
        } catch (SQLException e) {
            log.warn("Could not restore the connection's transaction settings", e);
        }
    }

    @Override
    public FlagChange putFlag(FlagDefinition flag, long expectedVersion, ChangeNote note) {
        requireNonNull(flag, "flag");
        requireNonNull(note, "note");
        String body = DefinitionsWriter.toJson(flag);
        return write("write flag '" + flag.key() + "'", (connection, sequence) -> {
            StoredFlag current = flag(connection, flag.key());
            StoreSupport.checkVersion(
                    EntityKind.FLAG, flag.key(), expectedVersion, current == null ? 0 : current.version());
            StoredFlag next = StoreSupport.nextFlag(current, flag, StoreSupport.now(clock));
            if (current == null) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix
                        + "flags (status, body, updated_at, archived_at, seq, version, created_at, flag_key)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bindFlag(insert, next, body, sequence);
                    insert.setLong(7, next.created().toEpochMilli());
                    insert.setString(8, flag.key());
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + prefix
                        + "flags SET status = ?, body = ?, updated_at = ?, archived_at = ?, seq = ?, version = ?"
                        + " WHERE flag_key = ? AND version = ?")) {
                    bindFlag(update, next, body, sequence);
                    update.setString(7, flag.key());
                    update.setLong(8, current.version());
                    if (update.executeUpdate() != 1) {
                        // Cannot happen while the sequence row lock is held; fail rather than lose a write.
                        throw new SQLException("flag '" + flag.key() + "' changed during the write");
                    }
                }
            }
            return new FlagChange(
                    next,
                    insertChange(
                            connection,
                            sequence,
                            next.updated(),
                            EntityKind.FLAG,
                            flag.key(),
                            note,
                            next.version(),
                            current == null ? null : DefinitionsWriter.toJson(current.definition()),
                            body));
        });
    }

    private static void bindFlag(PreparedStatement statement, StoredFlag next, String body, long sequence)
            throws SQLException {
        statement.setString(1, next.definition().status().id());
        statement.setString(2, body);
        statement.setLong(3, next.updated().toEpochMilli());
        if (next.archived() == null) {
            statement.setNull(4, Types.BIGINT);
        } else {
            statement.setLong(4, next.archived().toEpochMilli());
        }
        statement.setLong(5, sequence);
        statement.setLong(6, next.version());
    }

    @Override
    public AuditEntry deleteFlag(String key, long expectedVersion, ChangeNote note) {
        requireNonNull(key, "key");
        requireNonNull(note, "note");
        return write("delete flag '" + key + "'", (connection, sequence) -> {
            StoredFlag current = flag(connection, key);
            if (current == null) {
                throw new StaleVersionException(EntityKind.FLAG, key, expectedVersion, 0);
            }
            StoreSupport.checkVersion(EntityKind.FLAG, key, expectedVersion, current.version());
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM " + prefix + "flags WHERE flag_key = ? AND version = ?")) {
                delete.setString(1, key);
                delete.setLong(2, current.version());
                delete.executeUpdate();
            }
            return insertChange(
                    connection,
                    sequence,
                    StoreSupport.now(clock),
                    EntityKind.FLAG,
                    key,
                    note,
                    current.version() + 1,
                    DefinitionsWriter.toJson(current.definition()),
                    null);
        });
    }

    @Override
    public SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note) {
        requireNonNull(segment, "segment");
        requireNonNull(note, "note");
        String body = DefinitionsWriter.toJson(segment);
        return write("write segment '" + segment.key() + "'", (connection, sequence) -> {
            StoredSegment current = segment(connection, segment.key());
            StoreSupport.checkVersion(
                    EntityKind.SEGMENT, segment.key(), expectedVersion, current == null ? 0 : current.version());
            StoredSegment next = StoreSupport.nextSegment(current, segment, StoreSupport.now(clock));
            String sql = current == null
                    ? "INSERT INTO " + prefix + "segments (body, updated_at, seq, version, created_at, segment_key)"
                            + " VALUES (?, ?, ?, ?, ?, ?)"
                    : "UPDATE " + prefix + "segments SET body = ?, updated_at = ?, seq = ?, version = ?"
                            + " WHERE created_at = ? AND segment_key = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, body);
                statement.setLong(2, next.updated().toEpochMilli());
                statement.setLong(3, sequence);
                statement.setLong(4, next.version());
                statement.setLong(5, next.created().toEpochMilli());
                statement.setString(6, segment.key());
                statement.executeUpdate();
            }
            return new SegmentChange(
                    next,
                    insertChange(
                            connection,
                            sequence,
                            next.updated(),
                            EntityKind.SEGMENT,
                            segment.key(),
                            note,
                            next.version(),
                            current == null ? null : DefinitionsWriter.toJson(current.definition()),
                            body));
        });
    }

    @Override
    public AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note) {
        requireNonNull(key, "key");
        requireNonNull(note, "note");
        return write("delete segment '" + key + "'", (connection, sequence) -> {
            StoredSegment current = segment(connection, key);
            if (current == null) {
                throw new StaleVersionException(EntityKind.SEGMENT, key, expectedVersion, 0);
            }
            StoreSupport.checkVersion(EntityKind.SEGMENT, key, expectedVersion, current.version());
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM " + prefix + "segments WHERE segment_key = ?")) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
            return insertChange(
                    connection,
                    sequence,
                    StoreSupport.now(clock),
                    EntityKind.SEGMENT,
                    key,
                    note,
                    current.version() + 1,
                    DefinitionsWriter.toJson(current.definition()),
                    null);
        });
    }

    private AuditEntry insertChange(
            Connection connection,
            long sequence,
            Instant time,
            EntityKind kind,
            String key,
            ChangeNote note,
            long version,
            @Nullable String before,
            @Nullable String after)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "changes (seq,"
                + " occurred_at, kind, entity_key, action, actor, version, before_body, after_body, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, sequence);
            insert.setLong(2, time.toEpochMilli());
            insert.setString(3, kind.name());
            insert.setString(4, key);
            insert.setString(5, note.action().name());
            insert.setString(6, note.actor());
            insert.setLong(7, version);
            setText(insert, 8, before);
            setText(insert, 9, after);
            setText(insert, 10, note.reason());
            insert.executeUpdate();
        }
        return new AuditEntry(
                sequence, time, kind, key, note.action(), note.actor(), version, before, after, note.reason());
    }

    private static void setText(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        return writes.watch(requireNonNull(onChange, "onChange"));
    }
}
