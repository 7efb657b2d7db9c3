package dev.flags.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs work in one transaction on a borrowed connection and gives the connection back as it was. */
final class Transactions {

    private static final Logger log = LoggerFactory.getLogger(JdbcFlagStore.class);

    /** Work inside the transaction. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {}

    /**
     * Runs the work and commits, or rolls back when it fails; the connection's auto-commit and
     * isolation are restored either way, since pools hand it to the next borrower as it is.
     */
    static <T> T run(Connection connection, int isolation, Work<T> work) throws SQLException {
        int previousIsolation = connection.getTransactionIsolation();
        boolean autoCommit = connection.getAutoCommit();
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(isolation);
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        } finally {
            restore(connection, autoCommit, previousIsolation);
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
}
