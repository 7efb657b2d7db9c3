package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.MutableClock;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreContract;
import dev.flags.store.FlagStoreException;
import dev.flags.store.FleetInstance;
import dev.flags.store.VersionConflictException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The store contract plus what only a database store must do, against one database. Each test
 * gets its own table prefix and drops its tables afterwards, because other builds may use the same
 * database at the same time.
 */
abstract class JdbcFlagStoreContract extends FlagStoreContract {

    abstract DataSource dataSource();

    String prefix;

    @Override
    protected FlagStore createStore(MutableClock clock) {
        prefix = "t"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
        return JdbcFlags.store(dataSource()).tablePrefix(prefix).clock(clock).build();
    }

    @Override
    protected void dropStore(FlagStore store) {
        new JdbcSchema(dataSource(), prefix, clock).dropTables();
    }

    long count(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aFailedAuditInsertLeavesNeitherTheChangeNorAnEntry() throws SQLException {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        // Occupy the next sequence number so that the audit insert of the next write violates the key.
        execute("INSERT INTO " + prefix + "changes (seq, occurred_at, kind, entity_key, action, actor, version)"
                + " VALUES (2, 0, 'FLAG', 'planted', 'CREATE', 'test', 1)");

        assertThatThrownBy(() -> store.putFlag(flag("b"), FlagStore.NEW, note("bob")))
                .isInstanceOf(FlagStoreException.class)
                .hasMessage("Cannot write flag 'b' in the flag store; nothing was changed");
        assertThatThrownBy(() ->
                        store.putFlag(flag("a").toBuilder().description("x").build(), 1, note("bob")))
                .isInstanceOf(FlagStoreException.class);

        assertThat(count("SELECT COUNT(*) FROM " + prefix + "flags WHERE flag_key = 'b'"))
                .isZero();
        assertThat(store.flag("b")).isNull();
        assertThat(store.flag("a").version()).isEqualTo(1);
        assertThat(store.flag("a").definition().description()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "changes WHERE entity_key IN ('a', 'b')"))
                .isEqualTo(1);
        assertThat(store.contents().sequence()).isEqualTo(1);
    }

    @Test
    void aFailedChangeLeavesNoEntry() throws SQLException {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        // A key longer than the column fails the flag insert, which comes before the audit insert.
        String tooLong = "k".repeat(300);

        assertThatThrownBy(() -> store.putFlag(flag(tooLong), FlagStore.NEW, note("bob")))
                .isInstanceOf(FlagStoreException.class);

        assertThat(count("SELECT COUNT(*) FROM " + prefix + "changes")).isEqualTo(1);
        assertThat(store.contents().sequence()).isEqualTo(1);
        assertThat(store.changesSince(0, 10)).hasSize(1);
    }

    @Test
    void recordsTheSchemaVersionAndMigratesOnlyOnce() throws SQLException {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));

        FlagStore again =
                JdbcFlags.store(dataSource()).tablePrefix(prefix).clock(clock).build();

        assertThat(count("SELECT MAX(version) FROM " + prefix + "schema_version"))
                .isEqualTo(JdbcSchema.VERSION);
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "schema_version")).isEqualTo(JdbcSchema.VERSION);
        assertThat(again.flag("a").version()).isEqualTo(1);
        assertThat(again.contents().sequence()).isEqualTo(1);
    }

    @Test
    void migratesTablesOfSchemaVersionOneToTheLockRowOfVersionTwoAndOn() throws SQLException {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        execute("DROP TABLE " + prefix + "lock");
        execute("DROP TABLE " + prefix + "instances");
        execute("DELETE FROM " + prefix + "schema_version WHERE version >= 2");

        FlagStore migrated =
                JdbcFlags.store(dataSource()).tablePrefix(prefix).clock(clock).build();

        assertThat(count("SELECT MAX(version) FROM " + prefix + "schema_version"))
                .isEqualTo(JdbcSchema.VERSION);
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "lock")).isEqualTo(1);
        assertThat(migrated.exclusive(() -> migrated.flag("a").version())).isEqualTo(1);
    }

    @Test
    void migratesTablesOfSchemaVersionTwoToTheFleetTableOfVersionThree() throws SQLException {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        execute("DROP TABLE " + prefix + "instances");
        execute("DELETE FROM " + prefix + "schema_version WHERE version = 3");

        FlagStore migrated =
                JdbcFlags.store(dataSource()).tablePrefix(prefix).clock(clock).build();
        migrated.report(new FleetInstance("one", "host", 1, clock.instant(), clock.instant()));

        assertThat(count("SELECT MAX(version) FROM " + prefix + "schema_version"))
                .isEqualTo(3);
        assertThat(migrated.fleet(clock.instant()))
                .containsExactly(new FleetInstance("one", "host", 1, clock.instant(), clock.instant()));
        assertThat(migrated.flag("a").version()).isEqualTo(1);
    }

    @Test
    void refusesASchemaNewerThanTheLibrary() throws SQLException {
        execute("INSERT INTO " + prefix + "schema_version (version, applied_at) VALUES (99, 0)");

        assertThatThrownBy(
                        () -> JdbcFlags.store(dataSource()).tablePrefix(prefix).build())
                .isInstanceOf(FlagStoreException.class)
                .hasMessage("The flag store tables " + prefix + "* are at schema version 99, newer than this"
                        + " library's 3; upgrade the library");
    }

    @Test
    void twoStoresOnTheSameTablesSeeEachOthersWritesThroughTheLog() {
        FlagStore other =
                JdbcFlags.store(dataSource()).tablePrefix(prefix).clock(clock).build();
        long seen = other.contents().sequence();

        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));

        assertThat(other.changesSince(seen, 100))
                .singleElement()
                .satisfies(e -> assertThat(e.key()).isEqualTo("a"));
        assertThatThrownBy(() -> other.putFlag(flag("a"), FlagStore.NEW, note("bob")))
                .isInstanceOf(VersionConflictException.class);
    }
}
