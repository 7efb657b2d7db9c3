package dev.flags.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Fleet;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import dev.flags.store.TcpFaultProxy;
import io.lettuce.core.RedisURI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Four instances on the real MariaDB (127.0.0.1:3306, database {@code test}), which has no push of
 * its own, woken by Redis pub/sub on the real server (127.0.0.1:6379) through a loopback proxy,
 * writing to one store at once: they converge with Redis up, hand over to polling when the proxy
 * cuts Redis, and are pushed to again once it returns. A fifth instance polls hourly, so only the
 * push reaches it.
 */
class MariaDbRedisFleetTests {

    private static final int INSTANCES = 4;
    private static final int WRITES_EACH = 60;
    private static final int KEYS_EACH = 5;
    // Connect, command and ping timeouts: five clients connecting at once on a busy machine need room.
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(3);

    private final String prefix =
            "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
    private final String channel = "flags-test-" + UUID.randomUUID();
    private final TcpFaultProxy proxy = TcpFaultProxy.to("127.0.0.1", 6379);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        proxy.close();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String table :
                    List.of("changes", "segments", "flags", "sequence", "lock", "instances", "schema_version")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    private static MariaDbDataSource dataSource() throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test");
        dataSource.setUser("root");
        dataSource.setPassword("");
        return dataSource;
    }

    /** An instance: its own store object on MariaDB, an engine, and Redis through the proxy. */
    private final class Instance {
        final String id;
        final FlagStore store;
        final FollowingSource follower;
        final InspectableFlagManager flags;
        final PushChannel push;
        final List<Long> appliedSeen = new CopyOnWriteArrayList<>();
        final long[] versions = new long[KEYS_EACH];

        Instance(String id, Duration interval) throws SQLException {
            this.id = id;
            store = JdbcFlags.store(dataSource()).tablePrefix(prefix).build();
            follower = FlagStores.follow(
                    store, Following.DEFAULTS.withInterval(interval).withInstance(id, Duration.ofMinutes(5)));
            flags = FlagManager.builder()
                    .source(follower)
                    .listener(new FlagChangeListener() {
                        @Override
                        public void flagsChanged(Set<String> changedKeys) {
                            appliedSeen.add(follower.status().applied());
                        }
                    })
                    .build();
            closing.add(0, flags);
            push = RedisFlags.push(
                    RedisURI.create("redis://127.0.0.1:" + proxy.port()), channel, store, follower, KEEP_ALIVE);
            closing.add(0, push);
            await("subscribed", () -> push.state() == PushChannel.State.CONNECTED);
        }

        /** Writes over this instance's own five keys, each describing its write number. */
        Void write(int from, int count) {
            for (int i = from; i < from + count; i++) {
                int key = i % KEYS_EACH;
                FlagDefinition flag = FlagDefinition.builder(id + "-k" + key)
                        .defaultVariant(i % 2 == 0 ? "on" : "off")
                        .description("write " + i)
                        .build();
                versions[key] = store.putFlag(flag, versions[key], ChangeNote.of(AuditAction.UPDATE, id))
                        .flag()
                        .version();
            }
            return null;
        }
    }

    private static void writeAtOnce(List<Instance> instances, int from, int count) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(instances.size());
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Instance instance : instances) {
                done.add(writers.submit(() -> instance.write(from, count)));
            }
            for (Future<Void> writing : done) {
                writing.get();
            }
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void instancesOnMariaDbWokenByRedisConvergeUnderWritesAndACutRedisHandsOverToPollingAndBack() throws Exception {
        List<Instance> writers = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            writers.add(new Instance("i" + i, Duration.ofMillis(300)));
        }
        Instance pushOnly = new Instance("push-only", Duration.ofHours(1));
        List<Instance> all = new ArrayList<>(writers);
        all.add(pushOnly);
        await(
                "every channel subscribed",
                () -> all.stream().allMatch(i -> i.push.state() == PushChannel.State.CONNECTED));
        FlagStore store = writers.get(0).store;

        writeAtOnce(writers, 0, WRITES_EACH / 2);
        long first = store.head();
        assertThat(first).isEqualTo(INSTANCES * WRITES_EACH / 2);
        await(
                "every instance applied the head, the hourly poller by push",
                () -> all.stream().allMatch(i -> i.follower.status().applied() == first));

        proxy.cut();
        await(
                "every channel found dead",
                () -> all.stream().allMatch(i -> i.push.state() == PushChannel.State.CONNECTING));
        writeAtOnce(writers, WRITES_EACH / 2, WRITES_EACH / 2);
        long second = store.head();
        assertThat(second).isEqualTo(INSTANCES * WRITES_EACH);
        await(
                "the polling instances applied the head without Redis",
                () -> writers.stream().allMatch(i -> i.follower.status().applied() == second));
        assertThat(pushOnly.follower.status().applied())
                .as("nothing but the channel wakes it")
                .isEqualTo(first);
        await(
                // Silent rather than behind: it reports only when woken, and the listing judges silence by
                // the lister's interval (300 ms: silent after 2 s).
                "the listing shows the hourly poller silent at its sequence, the others current",
                () -> states(writers.get(0))
                        .equals(Map.of(
                                "i0@" + second, Fleet.State.CURRENT,
                                "i1@" + second, Fleet.State.CURRENT,
                                "i2@" + second, Fleet.State.CURRENT,
                                "i3@" + second, Fleet.State.CURRENT,
                                "push-only@" + first, Fleet.State.SILENT)));

        proxy.restore();
        await(
                "every channel subscribed again",
                () -> all.stream().allMatch(i -> i.push.state() == PushChannel.State.CONNECTED));
        await(
                "the hourly poller caught up on resubscribing",
                () -> pushOnly.follower.status().applied() == second);
        writers.get(1).write(WRITES_EACH, 1);
        long last = store.head();
        await(
                "pushed again",
                () -> all.stream().allMatch(i -> i.follower.status().applied() == last));

        List<AuditEntry> log = store.changesSince(0, 2 * INSTANCES * WRITES_EACH);
        assertThat(log).hasSize((int) last);
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i).sequence()).as("gap-free, in commit order").isEqualTo(i + 1L);
        }
        Definitions truth = store.contents().definitions();
        for (Instance instance : all) {
            assertThat(instance.flags.definitions()).as(instance.id).isEqualTo(truth);
            List<Long> seen = instance.appliedSeen;
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i))
                        .as("%s applied in sequence order", instance.id)
                        .isGreaterThan(seen.get(i - 1));
            }
        }
        for (Instance writer : writers) {
            for (int k = 0; k < KEYS_EACH; k++) {
                assertThat(truth.flag(writer.id + "-k" + k).description())
                        .isEqualTo("write "
                                + (writer == writers.get(1) && k == WRITES_EACH % KEYS_EACH
                                        ? WRITES_EACH
                                        : WRITES_EACH - KEYS_EACH + k));
            }
        }
    }

    private static Map<String, Fleet.State> states(Instance instance) {
        Map<String, Fleet.State> states = new TreeMap<>();
        for (Fleet.Member member : instance.follower.fleet().instances()) {
            states.put(member.id() + "@" + member.applied(), member.state());
        }
        return states;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
