package dev.flags.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.FlagDefinition;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import dev.flags.store.TcpFaultProxy;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis pub/sub on the real server (127.0.0.1:6379) between instances that share an H2 database,
 * each with a store object of its own: a write through one wakes the others at once, and a channel
 * behind a loopback proxy that cuts or half-opens its connections hands over to polling,
 * resubscribes and catches up.
 */
class RedisPushTests {

    // Connect and command timeouts too: a busy machine must still connect within it.
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    private final String database = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final String channel = "flags-test-" + UUID.randomUUID();
    private final TcpFaultProxy proxy = TcpFaultProxy.to("127.0.0.1", 6379);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        proxy.close();
    }

    /** An instance: its own store object over the shared database, an engine, and Redis through the proxy or not. */
    private final class Instance {
        final FlagStore store;
        final FollowingSource follower;
        final PushChannel push;

        Instance(Duration interval, boolean throughProxy) {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(database);
            store = JdbcFlags.store(dataSource).build();
            follower = FlagStores.follow(store, Following.DEFAULTS.withInterval(interval));
            InspectableFlagManager flags =
                    FlagManager.builder().source(follower).build();
            int port = throughProxy ? proxy.port() : 6379;
            push = RedisFlags.push(RedisURI.create("redis://127.0.0.1:" + port), channel, store, follower, KEEP_ALIVE);
            closing.add(0, flags);
            closing.add(0, push);
            await("subscribed", () -> push.state() == PushChannel.State.CONNECTED);
        }

        void write(String key) {
            store.putFlag(FlagDefinition.builder(key).defaultVariant("on").build(), FlagStore.NEW, note());
        }
    }

    @Test
    void aWriteThroughOneInstanceWakesTheOthersAtOnceThoughTheyPollHourly() {
        Instance writer = new Instance(Duration.ofHours(1), false);
        Instance one = new Instance(Duration.ofHours(1), false);
        Instance two = new Instance(Duration.ofHours(1), true);
        assertThat(one.push.name()).isEqualTo("redis SUBSCRIBE " + channel);

        long start = System.nanoTime();
        writer.write("a");
        long head = writer.store.head();
        await(
                "both applied",
                () -> one.follower.status().applied() == head
                        && two.follower.status().applied() == head);
        // They poll hourly: only the push can have woken them. Latency is the benchmark's to measure.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCutChannelHandsOverToPollingThenResubscribesAndCatchesUp() {
        Instance writer = new Instance(Duration.ofHours(1), false);
        Instance polling = new Instance(Duration.ofMillis(200), true);
        Instance pushOnly = new Instance(Duration.ofHours(1), true);

        proxy.cut();
        await(
                "the channels are found dead",
                () -> polling.push.state() == PushChannel.State.CONNECTING
                        && pushOnly.push.state() == PushChannel.State.CONNECTING);
        writer.write("a");
        long head = writer.store.head();
        await(
                "the polling instance applied the write",
                () -> polling.follower.status().applied() == head);
        assertThat(pushOnly.follower.status().applied())
                .as("nothing but the channel wakes it")
                .isLessThan(head);

        proxy.restore();
        await("subscribed again", () -> pushOnly.push.state() == PushChannel.State.CONNECTED);
        await("caught up on resubscribing", () -> pushOnly.follower.status().applied() == head);
        writer.write("b");
        await("pushed again", () -> pushOnly.follower.status().applied() == writer.store.head());
    }

    @Test
    void aHalfOpenChannelIsFoundOutByItsPingAndReplaced() {
        Instance writer = new Instance(Duration.ofHours(1), false);
        Instance pushOnly = new Instance(Duration.ofHours(1), true);
        long connections = proxy.connections();

        proxy.halfOpen();
        await("the silent connection is found out", () -> pushOnly.push.state() == PushChannel.State.CONNECTING);
        proxy.restore();
        await("subscribed on new connections", () -> pushOnly.push.state() == PushChannel.State.CONNECTED);
        assertThat(proxy.connections()).isGreaterThan(connections);
        writer.write("a");
        await(
                "pushed through the new connection",
                () -> pushOnly.follower.status().applied() == writer.store.head());
    }

    @Test
    void aWriteWhileRedisIsDownStillCommitsAndTheOthersPollIt() {
        Instance writer = new Instance(Duration.ofHours(1), true);
        Instance polling = new Instance(Duration.ofMillis(200), false);
        proxy.cut();
        await("the writer's channel is found dead", () -> writer.push.state() == PushChannel.State.CONNECTING);

        writer.write("a");

        assertThat(writer.store.flag("a")).isNotNull();
        await("polled", () -> polling.follower.status().applied() == writer.store.head());
    }

    @Test
    void aWriteWhileTheWritersChannelIsDownReachesTheOthersWhenItIsBack() {
        Instance writer = new Instance(Duration.ofHours(1), true);
        Instance pushOnly = new Instance(Duration.ofHours(1), false);
        proxy.cut();
        await("the writer's channel is found dead", () -> writer.push.state() == PushChannel.State.CONNECTING);
        writer.write("a");
        long head = writer.store.head();
        assertThat(pushOnly.follower.status().applied())
                .as("the writer could not publish")
                .isLessThan(head);

        proxy.restore();

        await("published on reconnecting", () -> pushOnly.follower.status().applied() == head);
    }

    @Test
    void refusesAKeepAliveBelow100MillisecondsAndABlankChannel() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(database);
        FlagStore store = JdbcFlags.store(dataSource).build();
        FollowingSource follower = FlagStores.follow(store, Following.NONE);
        RedisURI redis = RedisURI.create("redis://127.0.0.1:6379");
        assertThatThrownBy(() -> RedisFlags.push(redis, channel, store, follower, Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepAlive must be at least 100ms, was PT0.099S");
        assertThatThrownBy(() -> RedisFlags.push(redis, " ", store, follower, KEEP_ALIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel must not be blank");
    }

    private static ChangeNote note() {
        return ChangeNote.of(AuditAction.CREATE, "alice");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 20 s");
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
