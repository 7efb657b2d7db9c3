package dev.flags.jdbc;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredKind;
import dev.flags.store.StoredSegment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The table of one kind of entity: {@code flags_flags} or {@code flags_segments}. Both have the key,
 * version, JSON body, timestamps and sequence columns; flags add their status and archived time.
 * The reads and writes of both kinds go through this one description.
 */
final class JdbcTable<D, S> {

    /** Sets the kind's own columns from the entity to store, from a parameter index on. */
    private interface Columns<S> {
        void bind(PreparedStatement statement, int index, S next) throws SQLException;
    }

    /** Builds the stored entity from the common columns, reading the kind's own from the row. */
    private interface Row<D, S> {
        S read(ResultSet rs, D definition, long version, Instant created, Instant updated) throws SQLException;
    }

    final StoredKind<D, S> kind;
    private final String table;
    private final String keyColumn;
    private final List<String> ownColumns;
    private final Columns<S> columns;
    private final Row<D, S> row;

    private JdbcTable(
            StoredKind<D, S> kind,
            String table,
            String keyColumn,
            List<String> ownColumns,
            Columns<S> columns,
            Row<D, S> row) {
        this.kind = kind;
        this.table = table;
        this.keyColumn = keyColumn;
        this.ownColumns = ownColumns;
        this.columns = columns;
        this.row = row;
    }

    static JdbcTable<FlagDefinition, StoredFlag> flags(String prefix) {
        return new JdbcTable<>(
                StoredKind.FLAG,
                prefix + "flags",
                "flag_key",
                List.of("status", "archived_at"),
                (statement, index, next) -> {
                    statement.setString(index, next.definition().status().id());
                    if (next.archived() == null) {
                        statement.setNull(index + 1, Types.BIGINT);
                    } else {
                        statement.setLong(index + 1, next.archived().toEpochMilli());
                    }
                },
                (rs, definition, version, created, updated) -> {
                    long archived = rs.getLong("archived_at");
                    return new StoredFlag(
                            definition,
                            version,
                            created,
                            updated,
                            rs.wasNull() ? null : Instant.ofEpochMilli(archived));
                });
    }

    static JdbcTable<SegmentDefinition, StoredSegment> segments(String prefix) {
        return new JdbcTable<>(
                StoredKind.SEGMENT,
                prefix + "segments",
                "segment_key",
                List.of(),
                (statement, index, next) -> {},
                (rs, definition, version, created, updated) ->
                        new StoredSegment(definition, version, created, updated));
    }

    /** Names an entity in the middle of a message, for example {@code flag 'checkout'}. */
    String named(String key) {
        return kind.kind().name().toLowerCase(Locale.ROOT) + " '" + key + "'";
    }

    String select() {
        return "SELECT " + keyColumn + ", version, body, created_at, updated_at"
                + (ownColumns.isEmpty() ? "" : ", " + String.join(", ", ownColumns)) + " FROM " + table;
    }

    String orderByKey() {
        return " ORDER BY " + keyColumn;
    }

    S read(ResultSet rs) throws SQLException {
        return row.read(
                rs,
                kind.fromJson(rs.getString(1), rs.getString(3)),
                rs.getLong(2),
                Instant.ofEpochMilli(rs.getLong(4)),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    @Nullable
    S find(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(select() + " WHERE " + keyColumn + " = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    /** Inserts a new entity, or updates the current one if it is still at its version. */
    void write(Connection connection, @Nullable S current, S next, String body, long sequence, Instant now)
            throws SQLException {
        String key = kind.key(kind.definition(next));
        StringBuilder own = new StringBuilder();
        for (String column : ownColumns) {
            own.append(current == null ? ", " + column : ", " + column + " = ?");
        }
        String sql = current == null
                ? "INSERT INTO " + table + " (body, updated_at, seq, version" + own + ", created_at, " + keyColumn
                        + ") VALUES (?, ?, ?, ?" + ", ?".repeat(ownColumns.size()) + ", ?, ?)"
                : "UPDATE " + table + " SET body = ?, updated_at = ?, seq = ?, version = ?" + own + " WHERE "
                        + keyColumn + " = ? AND version = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, body);
            statement.setLong(2, now.toEpochMilli());
            statement.setLong(3, sequence);
            statement.setLong(4, kind.version(next));
            columns.bind(statement, 5, next);
            int index = 5 + ownColumns.size();
            if (current == null) {
                statement.setLong(index, now.toEpochMilli());
                statement.setString(index + 1, key);
            } else {
                statement.setString(index, key);
                statement.setLong(index + 1, kind.version(current));
            }
            if (statement.executeUpdate() != 1) {
                // Cannot happen while the sequence row lock is held; fail rather than lose a write.
                throw new SQLException(named(key) + " changed during the write");
            }
        }
    }

    void delete(Connection connection, String key, S current) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn + " = ? AND version = ?")) {
            delete.setString(1, key);
            delete.setLong(2, kind.version(current));
            delete.executeUpdate();
        }
    }
}
