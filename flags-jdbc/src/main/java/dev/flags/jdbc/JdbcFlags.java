package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.spi.ExperimentEventSink;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Persistence on any JDBC database (tested on H2, PostgreSQL and MariaDB): the flag store and the
 * experiment event sink. Results over the sink's table come from {@link JdbcExperimentResults}.
 */
public final class JdbcFlags {

    private JdbcFlags() {}

    /**
     * Starts configuring a JDBC flag store over a data source. Its tables are created or migrated
     * when it is built.
     *
     * @param dataSource where the tables live
     * @return the builder
     */
    public static JdbcFlagStoreBuilder store(DataSource dataSource) {
        return new JdbcFlagStoreBuilder(requireNonNull(dataSource, "dataSource"));
    }

    /**
     * The PostgreSQL notification channel of the store with these tables: the prefix followed by
     * {@code changes}, in lower case ({@code flags_changes} by default).
     *
     * @param tablePrefix the store's table prefix
     * @return the channel name
     */
    public static String channel(String tablePrefix) {
        return (requireNonNull(tablePrefix, "tablePrefix") + "changes").toLowerCase(Locale.ROOT);
    }

    /**
     * Listens, on PostgreSQL, for the {@code NOTIFY} that every write of the store with these tables
     * sends inside its transaction, and wakes the follower up for each change it has not applied;
     * on other databases the channel says {@link PushChannel.State#UNSUPPORTED} and does nothing.
     *
     * <p>The listener holds one connection of the data source for as long as it listens (a pool
     * needs one more connection than before). Every {@code keepAlive} it sends itself a
     * notification on a channel of its own and expects it back within the same time, so a dead,
     * half-open or pooled connection is found out: it then reconnects with a growing pause (up to
     * 30 seconds), wakes the follower up once connected again (catching up on what it missed), and
     * meanwhile the follower's polling alone finds the changes. {@code LISTEN} needs a session of
     * its own: behind PgBouncer in transaction pooling mode notifications are not delivered, which
     * the self-test reports in the log; turn push off there, or point this data source at the
     * database directly.
     *
     * @param dataSource the store's database
     * @param tablePrefix the store's table prefix, which names the channel
     * @param follower the follower to wake up
     * @param keepAlive how often the connection is tested, at least 100 ms
     * @return the channel, listening on a daemon thread of its own until closed
     */
    public static PushChannel listen(
            DataSource dataSource, String tablePrefix, FollowingSource follower, Duration keepAlive) {
        requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.toMillis() < 100) {
            throw new IllegalArgumentException("keepAlive must be at least 100ms, was " + keepAlive);
        }
        return PostgresListener.start(
                requireNonNull(dataSource, "dataSource"),
                channel(tablePrefix),
                requireNonNull(follower, "follower"),
                keepAlive);
    }

    /**
     * Writes events to a table through a plain {@link DataSource}, one row per event and one
     * transaction per batch, creating the table on first use if it is missing. Columns:
     * {@code event_type} ({@code exposure} or {@code conversion}), {@code occurred_at} (epoch
     * milliseconds, UTC), {@code targeting_key}; for exposures {@code flag_key}, {@code variant},
     * {@code reason}, {@code rule_id}; for conversions {@code conversion},
     * {@code conversion_value}. Tested on H2, PostgreSQL and MariaDB. A batch that fails to write
     * is logged and lost, not retried.
     *
     * @param dataSource where the table lives (H2, PostgreSQL, MariaDB/MySQL)
     * @param table the table name: letters, digits and underscores, starting with a letter
     * @return the sink
     */
    public static ExperimentEventSink eventSink(DataSource dataSource, String table) {
        return new JdbcEventSink(dataSource, table);
    }
}
