package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configures a JDBC {@link FlagStore}; get one from {@link JdbcFlags#store(DataSource)}. */
public final class JdbcFlagStoreBuilder {

    private static final Logger log = LoggerFactory.getLogger(FlagStore.class);

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");

    private final DataSource dataSource;
    private String tablePrefix = "flags_";
    private Clock clock = Clock.systemUTC();
    private boolean notify = true;

    JdbcFlagStoreBuilder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets the prefix of the store's table names (default {@code flags_}), for example to keep
     * several stores in one schema.
     *
     * @param tablePrefix a letter followed by up to 29 letters, digits or underscores
     * @return this builder
     */
    public JdbcFlagStoreBuilder tablePrefix(String tablePrefix) {
        requireNonNull(tablePrefix, "tablePrefix");
        if (!PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be a letter followed by up to 29 letters, digits"
                    + " or underscores but was '" + tablePrefix + "'");
        }
        this.tablePrefix = tablePrefix;
        return this;
    }

    private @Nullable String channel() {
        return notify ? JdbcFlags.channel(tablePrefix) : null;
    }

    /**
     * Sets the clock for created, updated and archived timestamps and audit times (default system
     * UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public JdbcFlagStoreBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Sets whether, on PostgreSQL, each write sends {@code NOTIFY} on the channel
     * {@link JdbcFlags#channel(String) channel(tablePrefix)} inside its transaction, with the
     * sequence number as payload, for the followers that {@link JdbcFlags#listen listen} (default
     * on; ignored on other databases).
     *
     * @param notify whether to notify
     * @return this builder
     */
    public JdbcFlagStoreBuilder notify(boolean notify) {
        this.notify = notify;
        return this;
    }

    /**
     * Creates the store's tables, or migrates them to this library's schema version, and returns the
     * store. Safe to run from several instances at once. When the database cannot be reached, the
     * store is returned all the same and migrates on its first use, so that an instance can start
     * from its backup file while its database is down.
     *
     * @return the store
     * @throws FlagStoreException when the database holds a newer schema
     */
    public FlagStore build() {
        JdbcSchema schema = new JdbcSchema(dataSource, tablePrefix, clock);
        try {
            schema.migrate();
        } catch (FlagStoreException e) {
            if (!(e.getCause() instanceof SQLException)) {
                throw e;
            }
            log.warn("{}; the store migrates when it is first used", e.getMessage(), e.getCause());
            return new JdbcFlagStore(dataSource, tablePrefix, clock, schema, channel());
        }
        return new JdbcFlagStore(dataSource, tablePrefix, clock, null, channel());
    }
}
