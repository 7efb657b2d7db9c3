package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreException;
import java.time.Clock;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Configures a JDBC {@link FlagStore}; get one from {@link JdbcFlags#store(DataSource)}. */
public final class JdbcFlagStoreBuilder {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");

    private final DataSource dataSource;
    private String tablePrefix = "flags_";
    private Clock clock = Clock.systemUTC();

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
     * Creates the store's tables, or migrates them to this library's schema version, and returns the
     * store. Safe to run from several instances at once.
     *
     * @return the store
     * @throws FlagStoreException when the database cannot be reached or holds a newer schema
     */
    public FlagStore build() {
        new JdbcSchema(dataSource, tablePrefix, clock).migrate();
        return new JdbcFlagStore(dataSource, tablePrefix, clock);
    }
}
