package dev.flags.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Readers on an instance that follows a shared store while another instance writes to it: W2
 * (targeted by country) evaluated by as many reader threads as there are CPUs, while a writer with a
 * store object and pool of its own commits {@link #writesPerSecond} changes a second to the
 * PostgreSQL store at 127.0.0.1:5432, against the same readers with no writes, in one run. The
 * follower is what {@code flags.store.type=jdbc} runs: its own HikariCP pool, polling every second
 * and woken by {@code LISTEN}/{@code NOTIFY}, so each write is a catch-up, a validation and compile of
 * the whole snapshot (W1 to W4 and the 50 flags of W5, read from the benchmark's definition files)
 * and one atomic swap, on the follower's thread, competing with the readers for the CPUs. Each write
 * changes W1's description, so every reload publishes a new snapshot. Run with
 * {@code flags-benchmarks/run-propagation.sh}, which writes the ratio to PROPAGATION.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Threads(Threads.MAX)
public class FollowerReadsBench {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** Changes committed by the other instance per second; 0 is the baseline. */
    @Param({"0", "20"})
    public int writesPerSecond;

    private final String prefix =
            "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private FlagManager flags;
    private FollowingSource follower;
    private ScheduledExecutorService writer;
    private long appliedAtStart;
    private long followerCpuAtStart;
    private long gcMillisAtStart;
    private long wallAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        Definitions definitions = Workloads.main();
        for (FlagDefinition flag : Workloads.bulk().flags()) {
            definitions = definitions.withFlag(flag);
        }
        FlagStore other = JdbcFlags.store(pool("writer")).tablePrefix(prefix).build();
        for (FlagDefinition flag : definitions.flags()) {
            other.putFlag(flag, FlagStore.NEW, ChangeNote.of(AuditAction.CREATE, "bench"));
        }
        HikariDataSource pool = pool("follower");
        FlagStore store = JdbcFlags.store(pool).tablePrefix(prefix).build();
        follower = FlagStores.follow(store, Following.DEFAULTS);
        flags = FlagManager.builder().source(follower).build();
        closing.add(0, flags);
        PushChannel push = JdbcFlags.listen(pool, prefix, follower, Duration.ofSeconds(5));
        closing.add(0, push);
        while (push.state() != PushChannel.State.CONNECTED) {
            LockSupport.parkNanos(1_000_000);
        }
        appliedAtStart = follower.status().applied();
        followerCpuAtStart = followerCpuNanos();
        gcMillisAtStart = gcMillis();
        wallAtStart = System.nanoTime();
        if (writesPerSecond > 0) {
            FlagDefinition plain = other.flag(Workloads.W1).definition();
            FlagDefinition changed = plain.toBuilder().description("changed").build();
            long[] version = {other.flag(Workloads.W1).version()};
            writer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "other-instance");
                thread.setDaemon(true);
                return thread;
            });
            long period = 1_000_000 / writesPerSecond;
            writer.scheduleAtFixedRate(
                    () -> {
                        FlagDefinition next = version[0] % 2 == 0 ? plain : changed;
                        version[0] = other.putFlag(next, version[0], ChangeNote.of(AuditAction.UPDATE, "bench"))
                                .flag()
                                .version();
                        written.incrementAndGet();
                    },
                    period,
                    period,
                    TimeUnit.MICROSECONDS);
        }
    }

    /** The line {@link PropagationTable} reads the follower's CPU time from. */
    static final String FOLLOWER_CPU = "follower-cpu:";

    /**
     * CPU time of the threads that apply changes on this instance: the follower's poller, which
     * catches up, validates, compiles and swaps, and the {@code LISTEN} thread that wakes it.
     */
    private static long followerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("flags-follow")
                            || info.getThreadName().startsWith("flags-listen"))) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    /** Time the collectors took, which stops the readers too (the follower's garbage adds to it). */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
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

    /** Each reader thread's own walk over the 1,024 users. */
    @State(Scope.Thread)
    public static class Reader {
        final EvaluationContext[] users = Users.flagsContexts();
        int next;
    }

    @Benchmark
    public boolean w2Targeted(Reader reader) {
        return flags.getBoolean(Workloads.W2, false, reader.users[reader.next++ & Users.MASK]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (writer != null) {
            writer.shutdownNow();
            writer.awaitTermination(5, TimeUnit.SECONDS);
        }
        // Printed for the log: the follower must have applied what the other instance wrote.
        long applied = follower.status().applied() - appliedAtStart;
        System.out.println("writes committed: " + written.get() + ", changes applied by the follower: " + applied
                + ", lag at the end: " + follower.status().lag());
        // What applying the changes cost this instance, read from its own threads' CPU clocks rather
        // than from the readers, whose figure also pays for the writer and PostgreSQL on this machine.
        long cpu = followerCpuNanos() - followerCpuAtStart;
        long wall = System.nanoTime() - wallAtStart;
        System.out.printf(
                Locale.ROOT,
                "%s writesPerSecond=%d applied=%d cpuNanos=%d wallNanos=%d gcMillis=%d%n",
                FOLLOWER_CPU,
                writesPerSecond,
                applied,
                cpu,
                wall,
                gcMillis() - gcMillisAtStart);
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        try (HikariDataSource pool = pool("cleanup");
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table :
                    List.of("changes", "segments", "flags", "sequence", "lock", "instances", "schema_version")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }
}
