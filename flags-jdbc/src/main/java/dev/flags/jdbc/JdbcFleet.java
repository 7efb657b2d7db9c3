package dev.flags.jdbc;

import dev.flags.store.FlagStoreException;
import dev.flags.store.FleetInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The JDBC store's fleet listing, in {@code flags_instances}: one row per instance, written by its
 * follower on every poll (one {@code UPDATE}, or one {@code INSERT} the first time), read and
 * pruned when the listing is asked for. Statements run in auto-commit: a report holds no lock that
 * another instance's write would wait for.
 */
final class JdbcFleet {

    private final DataSource dataSource;
    private final String table;

    JdbcFleet(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.table = prefix + "instances";
    }

    void report(FleetInstance instance) {
        try (Connection connection = dataSource.getConnection()) {
            if (update(connection, instance) == 1) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (host, applied, last_seen, started, instance_id) VALUES (?, ?, ?, ?, ?)")) {
                bind(insert, instance);
                insert.executeUpdate();
            } catch (SQLException e) {
                // Another process with the same id inserted the row first: the update now finds it.
                if (update(connection, instance) != 1) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new FlagStoreException(
                    "Cannot report instance '" + instance.id() + "' to the flag store's fleet table " + table, e);
        }
    }

    private int update(Connection connection, FleetInstance instance) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + table + " SET host = ?, applied = ?, last_seen = ?, started = ? WHERE instance_id = ?")) {
            bind(update, instance);
            return update.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, FleetInstance instance) throws SQLException {
        statement.setString(1, instance.host());
        statement.setLong(2, instance.applied());
        statement.setLong(3, instance.lastSeen().toEpochMilli());
        statement.setLong(4, instance.started().toEpochMilli());
        statement.setString(5, instance.id());
    }

    List<FleetInstance> fleet(Instant since) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM " + table + " WHERE last_seen < ?")) {
                delete.setLong(1, since.toEpochMilli());
                delete.executeUpdate();
            }
            List<FleetInstance> instances = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT instance_id, host, applied,"
                            + " last_seen, started FROM " + table + " WHERE last_seen >= ? ORDER BY instance_id");
                    ResultSet rs = query(select, since)) {
                while (rs.next()) {
                    instances.add(new FleetInstance(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            Instant.ofEpochMilli(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return List.copyOf(instances);
        } catch (SQLException e) {
            throw new FlagStoreException("Cannot read the flag store's fleet table " + table, e);
        }
    }

    private static ResultSet query(PreparedStatement select, Instant since) throws SQLException {
        select.setLong(1, since.toEpochMilli());
        return select.executeQuery();
    }
}
