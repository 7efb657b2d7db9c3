package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.EntityKind;
import dev.flags.store.FlagStoreException;
import dev.flags.store.StoreContents;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The JDBC store's reads: contents in one consistent snapshot, single entities and the change log. */
final class JdbcReads {

    private final DataSource dataSource;
    private final String prefix;
    private final JdbcTable<FlagDefinition, StoredFlag> flags;
    private final JdbcTable<SegmentDefinition, StoredSegment> segments;

    JdbcReads(
            DataSource dataSource,
            String prefix,
            JdbcTable<FlagDefinition, StoredFlag> flags,
            JdbcTable<SegmentDefinition, StoredSegment> segments) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.flags = flags;
        this.segments = segments;
    }

    StoreContents contents() {
        try (Connection connection = dataSource.getConnection()) {
            // Repeatable read: the sequence number and both tables come from the same point of the log.
            return Transactions.run(connection, Connection.TRANSACTION_REPEATABLE_READ, c -> {
                long sequence;
                try (Statement statement = c.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT seq FROM " + prefix + "sequence WHERE id = 1")) {
                    rs.next();
                    sequence = rs.getLong(1);
                }
                return new StoreContents(all(c, flags), all(c, segments), sequence);
            });
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the flag store " + prefix + "*", e);
        }
    }

    private static <S> List<S> all(Connection connection, JdbcTable<?, S> table) throws SQLException {
        List<S> all = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(table.select() + table.orderByKey())) {
            while (rs.next()) {
                all.add(table.read(rs));
            }
        }
        return all;
    }

    <S> @Nullable S find(JdbcTable<?, S> table, String key) {
        requireNonNull(key, "key");
        try (Connection connection = dataSource.getConnection()) {
            return table.find(connection, key);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read " + table.named(key) + " from the flag store", e);
        }
    }

    /** The sequence row alone: one primary-key lookup, what followers poll. */
    long head() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT seq FROM " + prefix + "sequence WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("the sequence row of " + prefix + "sequence is missing");
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the head of the flag store's change log", e);
        }
    }

    List<AuditEntry> changesSince(long sequence, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        changeSelect() + " WHERE seq > ? ORDER BY seq LIMIT " + Math.max(0, limit))) {
            select.setLong(1, sequence);
            return entries(select);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the flag store's change log", e);
        }
    }

    List<AuditEntry> audit(AuditQuery query) {
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
}
