package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.FlagDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import dev.flags.store.TcpFaultProxy;
import dev.flags.store.VersionConflictException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL {@code LISTEN}/{@code NOTIFY} on the real server: the notification is sent inside the
 * writing transaction with the sequence number, a follower that polls once an hour applies a write
 * at once, and a listener behind a loopback proxy that cuts or half-opens its connection hands over
 * to polling, reconnects and catches up.
 */
class PostgresPushTests {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabases.POSTGRES;

    private static final Duration KEEP_ALIVE = Duration.ofMillis(300);

    private final String prefix =
            "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
    private final TcpFaultProxy proxy = TcpFaultProxy.to("127.0.0.1", 5432);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        proxy.close();
        new JdbcSchema(DATABASE.dataSource(), prefix, Clock.systemUTC()).dropTables();
    }

    private DataSource proxied() {
        return TestDatabases.postgres("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test", "postgres", "");
    }

    private FlagStore store(DataSource dataSource) {
        return JdbcFlags.store(dataSource).tablePrefix(prefix).build();
    }

    /** A follower that reads the store directly and hears pushes through the proxy. */
    private FollowingSource follower(FlagStore store, Duration interval) {
        FollowingSource source = FlagStores.follow(store, Following.DEFAULTS.withInterval(interval));
        InspectableFlagManager flags = FlagManager.builder().source(source).build();
        closing.add(0, flags);
        return source;
    }

    private PushChannel listen(FollowingSource source) {
        PushChannel channel = JdbcFlags.listen(proxied(), prefix, source, KEEP_ALIVE);
        closing.add(0, channel);
        await("the channel listens", () -> channel.state() == PushChannel.State.CONNECTED);
        return channel;
    }

    @Test
    void notifiesInsideTheWritingTransactionWithTheSequenceAndNeverForARolledBackWrite() throws Exception {
        FlagStore writer = store(DATABASE.dataSource());
        try (Connection listening = DATABASE.dataSource().getConnection();
                Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + JdbcFlags.channel(prefix));
            PGConnection pg = listening.unwrap(PGConnection.class);

            writer.putFlag(flag("a"), FlagStore.NEW, note());
            PGNotification[] first = pg.getNotifications(2_000);
            assertThat(first).singleElement().satisfies(n -> {
                assertThat(n.getName()).isEqualTo(prefix + "changes");
                assertThat(n.getParameter()).isEqualTo(Long.toString(writer.head()));
            });

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.putFlag(flag("a"), FlagStore.NEW, note()))
                    .isInstanceOf(VersionConflictException.class);
            assertThat(pg.getNotifications(300)).as("the rolled back write").isEmpty();
        }
        FlagStore quiet = JdbcFlags.store(DATABASE.dataSource())
                .tablePrefix(prefix)
                .notify(false)
                .build();
        try (Connection listening = DATABASE.dataSource().getConnection();
                Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + JdbcFlags.channel(prefix));
            quiet.putFlag(flag("b"), FlagStore.NEW, note());
            assertThat(listening.unwrap(PGConnection.class).getNotifications(300))
                    .as("notify(false)")
                    .isEmpty();
        }
    }

    @Test
    void aListeningFollowerAppliesAWriteAtOnceThoughItPollsHourly() {
        FlagStore writer = store(DATABASE.dataSource());
        FollowingSource follower = follower(store(DATABASE.dataSource()), Duration.ofHours(1));
        PushChannel channel = listen(follower);
        assertThat(channel.name()).isEqualTo("postgres LISTEN " + prefix + "changes");

        long start = System.nanoTime();
        writer.putFlag(flag("a"), FlagStore.NEW, note());
        await("applied through the push", () -> follower.status().applied() == writer.head());
        // The follower polls hourly: only the push can have woken it. The time includes opening a
        // connection per query (no pool here) on a busy machine; the benchmark measures latency.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCutChannelHandsOverToPollingThenReconnectsAndCatchesUp() {
        FlagStore writer = store(DATABASE.dataSource());
        FollowingSource polling = follower(store(DATABASE.dataSource()), Duration.ofMillis(200));
        PushChannel channel = listen(polling);
        FollowingSource pushOnly = follower(store(DATABASE.dataSource()), Duration.ofHours(1));
        PushChannel pushOnlyChannel = listen(pushOnly);

        proxy.cut();
        await("the channel is found dead", () -> channel.state() == PushChannel.State.CONNECTING);
        writer.putFlag(flag("a"), FlagStore.NEW, note());
        await("the polling follower applied the write", () -> polling.status().applied() == writer.head());
        assertThat(pushOnly.status().applied())
                .as("nothing but the channel wakes it")
                .isLessThan(writer.head());

        proxy.restore();
        await("the channel listens again", () -> pushOnlyChannel.state() == PushChannel.State.CONNECTED);
        await("caught up on reconnecting", () -> pushOnly.status().applied() == writer.head());
        writer.putFlag(flag("b"), FlagStore.NEW, note());
        await("pushed again", () -> pushOnly.status().applied() == writer.head());
    }

    @Test
    void aHalfOpenChannelIsFoundOutByItsKeepAliveAndReplaced() {
        FlagStore writer = store(DATABASE.dataSource());
        FollowingSource pushOnly = follower(store(DATABASE.dataSource()), Duration.ofHours(1));
        PushChannel channel = listen(pushOnly);
        long connections = proxy.connections();

        proxy.halfOpen();
        await("the silent connection is found out", () -> channel.state() == PushChannel.State.CONNECTING);
        proxy.restore();
        await("listening on a new connection", () -> channel.state() == PushChannel.State.CONNECTED);
        assertThat(proxy.connections()).isGreaterThan(connections);
        writer.putFlag(flag("a"), FlagStore.NEW, note());
        await("pushed through the new connection", () -> pushOnly.status().applied() == writer.head());
    }

    @Test
    void onAnotherDatabaseTheChannelSaysUnsupported() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        FollowingSource follower = follower(JdbcFlags.store(h2).build(), Duration.ofHours(1));
        PushChannel channel = JdbcFlags.listen(h2, "flags_", follower, KEEP_ALIVE);
        closing.add(channel);
        await("the channel gave up", () -> channel.state() == PushChannel.State.UNSUPPORTED);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JdbcFlags.listen(h2, "flags_", follower, Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepAlive must be at least 100ms, was PT0.099S");
    }

    private static FlagDefinition flag(String key) {
        return FlagDefinition.builder(key).defaultVariant("on").build();
    }

    private static ChangeNote note() {
        return ChangeNote.of(AuditAction.CREATE, "alice");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
