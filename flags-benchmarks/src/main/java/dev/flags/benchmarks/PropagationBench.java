package dev.flags.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.FlagManager;
import dev.flags.definition.FlagDefinition;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.redis.RedisFlags;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import io.lettuce.core.RedisURI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Propagation latency across a fleet: from the commit of a write on one instance to the moment the
 * last of the other instances has swapped in the snapshot that holds it. Each instance has its own
 * HikariCP pool, store object, follower and engine, on the PostgreSQL server at 127.0.0.1:5432
 * (database test, user postgres; tables of a prefix of their own, dropped afterwards), as separate
 * machines would. The write happens in the untimed per-invocation set-up; the timed method waits
 * for the others. Channels: {@code notify} (PostgreSQL LISTEN/NOTIFY), {@code redis} (Redis pub/sub
 * at 127.0.0.1:6379, NOTIFY off) and {@code polling} (neither); every instance also polls every
 * second, as the defaults do. Sample time: JMH reports the p50, p99 and max. Run with
 * {@code flags-benchmarks/run-propagation.sh}; run.sh leaves it out, as it needs the servers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 1, time = 30)
public class PropagationBench {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** Instances in the fleet: one writes, the others are measured. */
    @Param({"2", "4", "8"})
    public int instances;

    @Param({"notify", "redis", "polling"})
    public String channel;

    private final String prefix =
            "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<FollowingSource> followers = new ArrayList<>();
    private FlagStore writer;
    private long version;
    private long target;

    @Setup(Level.Trial)
    public void setUp() {
        boolean notify = channel.equals("notify");
        for (int i = 0; i < instances; i++) {
            HikariDataSource pool = pool("bench-" + i);
            FlagStore store =
                    JdbcFlags.store(pool).tablePrefix(prefix).notify(notify).build();
            FollowingSource follower = FlagStores.follow(store, Following.DEFAULTS);
            FlagManager flags = FlagManager.builder().source(follower).build();
            closing.add(0, flags);
            PushChannel push = null;
            if (notify) {
                push = JdbcFlags.listen(pool, prefix, follower, Duration.ofSeconds(5));
            } else if (channel.equals("redis")) {
                push = RedisFlags.push(
                        RedisURI.create("redis://127.0.0.1:6379"),
                        "flags-bench-" + prefix,
                        store,
                        follower,
                        Duration.ofSeconds(5));
            }
            if (push != null) {
                closing.add(0, push);
                while (push.state() != PushChannel.State.CONNECTED) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            if (i == 0) {
                writer = store;
            } else {
                followers.add(follower);
            }
        }
    }

    private HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setUsername("postgres");
        config.setMaximumPoolSize(3);
        config.setPoolName(name);
        HikariDataSource pool = new HikariDataSource(config);
        closing.add(pool);
        return pool;
    }

    /**
     * Untimed: commits the next change, a kill switch pulled or released on one flag. With polling
     * alone, first waits a random part of the polling interval: a write made right after the
     * previous one propagated would come just after the followers polled, and every sample would
     * wait about a whole interval; at random moments the samples show the typical wait as well as
     * the bound.
     */
    @Setup(Level.Invocation)
    public void write() {
        if (channel.equals("polling")) {
            LockSupport.parkNanos(ThreadLocalRandom.current()
                    .nextLong(Following.DEFAULTS.interval().toNanos()));
        }
        FlagDefinition flag = FlagDefinition.builder("kill-switch")
                .defaultVariant(version % 2 == 0 ? "on" : "off")
                .build();
        version = writer.putFlag(flag, version, ChangeNote.of(AuditAction.UPDATE, "bench"))
                .flag()
                .version();
        target = writer.head();
    }

    /** Timed: until every other instance has applied the change. */
    @Benchmark
    public long propagate() {
        for (FollowingSource follower : followers) {
            while (follower.status().applied() < target) {
                LockSupport.parkNanos(20_000);
            }
        }
        return target;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        try (HikariDataSource pool = pool("bench-cleanup");
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table :
                    List.of("changes", "segments", "flags", "sequence", "lock", "instances", "schema_version")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }
}
