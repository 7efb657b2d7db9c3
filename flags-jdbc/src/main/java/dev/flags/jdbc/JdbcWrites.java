package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStoreException;
import dev.flags.store.StoreSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC store's writes, for flags and segments alike: each one transaction that takes the next
 * sequence number (and with it the row lock that serializes writers), checks the version, writes
 * the entity row and its change-log entry, and tells the watchers after the commit.
 */
final class JdbcWrites {

    private final DataSource dataSource;
    private final String prefix;
    private final Clock clock;
    private final StoreSupport support;
    private final @Nullable String notifyChannel;
    // Whether the database is PostgreSQL, learnt from the first write's connection.
    private volatile @Nullable Boolean postgres;

    JdbcWrites(
            DataSource dataSource, String prefix, Clock clock, StoreSupport support, @Nullable String notifyChannel) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.clock = clock;
        this.support = support;
        this.notifyChannel = notifyChannel;
    }

    /** One write inside the transaction, given the sequence number it was assigned. */
    private interface Work<T> {
        T run(Connection connection, long sequence) throws SQLException;
    }

    <D, S, C> C put(
            JdbcTable<D, S> table,
            D definition,
            long expectedVersion,
            ChangeNote note,
            BiFunction<S, AuditEntry, C> change) {
        String key = table.kind.key(definition);
        requireNonNull(note, "note");
        return write("write " + table.named(key), (connection, sequence) -> {
            S current = table.find(connection, key);
            table.kind.checkVersion(key, expectedVersion, current);
            Instant now = StoreSupport.now(clock);
            S next = table.kind.next(current, definition, now);
            AuditEntry entry = table.kind.written(sequence, now, note, current, next);
            table.write(connection, current, next, requireNonNull(entry.after()), sequence, now);
            return change.apply(next, insert(connection, entry));
        });
    }

    <D, S> AuditEntry delete(JdbcTable<D, S> table, String key, long expectedVersion, ChangeNote note) {
        requireNonNull(key, "key");
        requireNonNull(note, "note");
        return write("delete " + table.named(key), (connection, sequence) -> {
            S current = table.kind.checkDelete(key, expectedVersion, table.find(connection, key));
            table.delete(connection, key, current);
            return insert(connection, table.kind.deleted(sequence, StoreSupport.now(clock), note, current));
        });
    }

    private <T> T write(String what, Work<T> work) {
        T result;
        try (Connection connection = dataSource.getConnection()) {
            result = Transactions.run(connection, Connection.TRANSACTION_READ_COMMITTED, c -> {
                long sequence = nextSequence(c);
                T done = work.run(c, sequence);
                notifyFollowers(c, sequence);
                return done;
            });
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot " + what + " in the flag store; nothing was changed", e);
        }
        support.changed();
        return result;
    }

    /** Runs work while this transaction holds the lock row, which other instances' exclusive work waits for. */
    <T> T exclusive(Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return Transactions.run(connection, Connection.TRANSACTION_READ_COMMITTED, c -> {
                try (Statement statement = c.createStatement();
                        ResultSet rs =
                                statement.executeQuery("SELECT id FROM " + prefix + "lock WHERE id = 1 FOR UPDATE")) {
                    if (!rs.next()) {
                        throw new SQLException("the lock row of " + prefix + "lock is missing");
                    }
                }
                return work.get();
            });
        } catch (SQLException e) {
            throw new FlagStoreException(
                    "Cannot lock the flag store " + prefix + "* for a write; nothing was changed", e);
        }
    }

    /**
     * On PostgreSQL, queues a notification with the sequence number inside the writing transaction:
     * PostgreSQL delivers it to the listeners at commit, and never when the transaction rolls back.
     */
    private void notifyFollowers(Connection connection, long sequence) throws SQLException {
        String channel = notifyChannel;
        if (channel == null) {
            return;
        }
        Boolean onPostgres = postgres;
        if (onPostgres == null) {
            onPostgres = PostgresListener.isPostgres(connection);
            postgres = onPostgres;
        }
        if (onPostgres) {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, channel);
                notify.setString(2, Long.toString(sequence));
                notify.execute();
            }
        }
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

    private AuditEntry insert(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "changes (seq,"
                + " occurred_at, kind, entity_key, action, actor, version, before_body, after_body, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, entry.sequence());
            insert.setLong(2, entry.time().toEpochMilli());
            insert.setString(3, entry.kind().name());
            insert.setString(4, entry.key());
            insert.setString(5, entry.action().name());
            insert.setString(6, entry.actor());
            insert.setLong(7, entry.version());
            setText(insert, 8, entry.before());
            setText(insert, 9, entry.after());
            setText(insert, 10, entry.reason());
            insert.executeUpdate();
        }
        return entry;
    }

    private static void setText(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
