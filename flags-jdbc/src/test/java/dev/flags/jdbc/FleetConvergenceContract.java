package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Four instances, each with its own pool, store object, engine and (where the database has one) push
 * channel, make 1,000 writes between them while their push channels are cut and delayed: every
 * instance applies the changes in sequence order, none is lost, and all converge to the store's
 * snapshot at its head. Each database runs it in a subclass, with tables of its own.
 */
abstract class FleetConvergenceContract {

    static final int INSTANCES = 4;
    static final int WRITES_EACH = 250;
    static final int KEYS_EACH = 5;

    final String prefix =
            "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
    final List<AutoCloseable> closing = new ArrayList<>();

    /** The database, unpooled. */
    abstract DataSource dataSource();

    /** The push channel of an instance, or {@code null} where the database has none. */
    abstract @Nullable PushChannel push(FollowingSource follower);

    /** Cuts the push channels for a moment and lets them through with a delay again; nothing where there are none. */
    abstract void disturbPush() throws InterruptedException;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        new JdbcSchema(dataSource(), prefix, Clock.systemUTC()).dropTables();
    }

    final class Instance {
        final int number;
        final FlagStore store;
        final FollowingSource follower;
        final InspectableFlagManager flags;
        final @Nullable PushChannel push;
        final List<Long> appliedSeen = new CopyOnWriteArrayList<>();

        Instance(int number) {
            this.number = number;
            HikariConfig config = new HikariConfig();
            config.setDataSource(dataSource());
            config.setMaximumPoolSize(4);
            config.setPoolName("fleet-" + number);
            HikariDataSource pool = new HikariDataSource(config);
            closing.add(0, pool);
            store = JdbcFlags.store(pool).tablePrefix(prefix).build();
            follower = FlagStores.follow(store, Following.DEFAULTS.withInterval(Duration.ofMillis(200)));
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
            push = push(follower);
            if (push != null) {
                closing.add(0, push);
            }
        }

        /** 250 writes over this instance's own five keys, each describing its write number. */
        Void write() {
            long[] versions = new long[KEYS_EACH];
            for (int i = 0; i < WRITES_EACH; i++) {
                int key = i % KEYS_EACH;
                FlagDefinition flag = FlagDefinition.builder(key(number, key))
                        .defaultVariant(i % 2 == 0 ? "on" : "off")
                        .description("write " + i)
                        .build();
                versions[key] = store.putFlag(flag, versions[key], ChangeNote.of(AuditAction.UPDATE, "i" + number))
                        .flag()
                        .version();
            }
            return null;
        }
    }

    static String key(int instance, int key) {
        return "i" + instance + "-k" + key;
    }

    @Test
    void fourInstancesMakingAThousandWritesConvergeWithNoLostOrReorderedChange() throws Exception {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new Instance(i));
        }
        ExecutorService writers = Executors.newFixedThreadPool(INSTANCES);
        List<Future<Void>> done = new ArrayList<>();
        try {
            for (Instance instance : instances) {
                done.add(writers.submit(instance::write));
            }
            disturbPush();
            for (Future<Void> writing : done) {
                writing.get();
            }
        } finally {
            writers.shutdownNow();
        }

        FlagStore store = instances.get(0).store;
        long head = store.head();
        assertThat(head).isEqualTo(INSTANCES * WRITES_EACH);
        List<AuditEntry> log = store.changesSince(0, 2 * INSTANCES * WRITES_EACH);
        assertThat(log).hasSize(INSTANCES * WRITES_EACH);
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i).sequence()).as("gap-free, in commit order").isEqualTo(i + 1L);
        }
        Definitions truth = store.contents().definitions();
        for (Instance instance : instances) {
            await(
                    "instance " + instance.number + " applied the head",
                    () -> instance.follower.status().applied() == head);
            assertThat(instance.flags.definitions())
                    .as("instance " + instance.number)
                    .isEqualTo(truth);
            List<Long> seen = instance.appliedSeen;
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i))
                        .as("instance %d applied in sequence order", instance.number)
                        .isGreaterThan(seen.get(i - 1));
            }
        }
        for (int i = 0; i < INSTANCES; i++) {
            for (int k = 0; k < KEYS_EACH; k++) {
                assertThat(store.flag(key(i, k)).version()).isEqualTo(WRITES_EACH / KEYS_EACH);
                assertThat(truth.flag(key(i, k)).description()).isEqualTo("write " + (WRITES_EACH - KEYS_EACH + k));
            }
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s");
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
