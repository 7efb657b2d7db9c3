package dev.flags.jdbc;

import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN} on the store's channel, on a connection and a daemon thread of its own: each
 * notification carries a sequence number, and one above the follower's applied sequence wakes the
 * follower up. A self-addressed ping every keep-alive proves that notifications still arrive; when
 * one does not come back, or the connection fails, the listener reconnects with a growing pause,
 * while the follower keeps polling.
 */
final class PostgresListener implements PushChannel, Runnable {

    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);
    private static final long MAX_PAUSE_MILLIS = 30_000;

    private final DataSource dataSource;
    private final String channel;
    private final String ping;
    private final FollowingSource follower;
    private final long keepAliveMillis;
    private final Thread thread;
    private volatile State state = State.CONNECTING;

    private PostgresListener(DataSource dataSource, String channel, FollowingSource follower, Duration keepAlive) {
        this.dataSource = dataSource;
        this.channel = channel;
        // At most 37 + 6 + 16 characters: PostgreSQL cuts identifiers at 63.
        this.ping = channel + "_ping_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.follower = follower;
        this.keepAliveMillis = keepAlive.toMillis();
        this.thread = new Thread(this, "flags-listen " + channel);
        this.thread.setDaemon(true);
    }

    static PostgresListener start(DataSource dataSource, String channel, FollowingSource follower, Duration keepAlive) {
        PostgresListener listener = new PostgresListener(dataSource, channel, follower, keepAlive);
        listener.thread.start();
        return listener;
    }

    static boolean isPostgres(Connection connection) throws SQLException {
        return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
    }

    @Override
    public String name() {
        return "postgres LISTEN " + channel;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void run() {
        long pause = 250;
        boolean reported = false;
        while (state != State.CLOSED) {
            try (Connection listening = dataSource.getConnection()) {
                if (!isPostgres(listening)) {
                    log.info("{}: the database is not PostgreSQL; changes are found by polling", name());
                    state = State.UNSUPPORTED;
                    return;
                }
                try {
                    listen(listening);
                    pause = 250;
                    if (reported) {
                        log.info("{} is listening again", name());
                        reported = false;
                    }
                    receive(listening);
                } finally {
                    unlisten(listening);
                }
            } catch (SQLException | RuntimeException e) { // any failure of the connection: reconnect, poll meanwhile
                if (state == State.CLOSED) {
                    return;
                }
                state = State.CONNECTING;
                if (!reported) {
                    log.warn("{} lost ({}); polling finds the changes until it reconnects", name(), e.getMessage());
                    reported = true;
                }
            }
            try {
                Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    private void listen(Connection listening) throws SQLException {
        listening.setAutoCommit(true);
        // A query that hangs (a half-open connection) fails after twice the keep-alive.
        listening.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, 2 * keepAliveMillis));
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN \"" + channel + "\"");
            statement.execute("LISTEN \"" + ping + "\"");
        }
        state = State.CONNECTED;
        follower.wakeUp(); // whatever was written while this channel was down
    }

    private void receive(Connection listening) throws SQLException {
        PGConnection pg = listening.unwrap(PGConnection.class);
        long pingSent = 0;
        long lastPing = System.nanoTime();
        while (state != State.CLOSED) {
            PGNotification[] notifications = pg.getNotifications((int) Math.max(1, keepAliveMillis / 4));
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    if (notification.getName().equals(ping)) {
                        pingSent = 0;
                    } else {
                        received(notification.getParameter());
                    }
                }
            }
            long now = System.nanoTime();
            if (pingSent != 0 && now - pingSent > keepAliveMillis * 1_000_000) {
                throw new SQLException("no notification came back within " + keepAliveMillis
                        + " ms; LISTEN needs a session of its own, which PgBouncer in transaction pooling mode"
                        + " does not give");
            }
            if (pingSent == 0 && now - lastPing >= keepAliveMillis * 1_000_000) {
                try (Statement statement = listening.createStatement()) {
                    statement.execute("SELECT pg_notify('" + ping + "', 'ping')");
                }
                pingSent = now;
                lastPing = now;
            }
        }
    }

    private void received(String payload) {
        long sequence;
        try {
            sequence = Long.parseLong(payload.strip());
        } catch (NumberFormatException e) { // not ours, or an older writer: look anyway
            follower.wakeUp();
            return;
        }
        if (sequence > follower.status().applied()) {
            follower.wakeUp();
        }
    }

    /** A pooled connection goes back to the pool without this session's subscriptions. */
    private void unlisten(Connection listening) {
        try (Statement statement = listening.createStatement()) {
            statement.execute("UNLISTEN *");
        } catch (SQLException e) { // a broken connection, which the pool discards
            log.debug("{}: UNLISTEN failed", name(), e);
        }
    }

    /** Stops within a quarter of the keep-alive, when the listening thread next looks. */
    @Override
    public void close() {
        state = State.CLOSED;
        thread.interrupt();
    }
}
