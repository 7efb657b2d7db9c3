package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * What one change costs the instance that applies it, without a database: a write of one flag's
 * description to a store in memory, which the follower of that store applies on the writing thread
 * (reads the log entry, parses it, validates and compiles the snapshot, swaps, tells the listeners,
 * and with {@link #backup} writes the backup file). The snapshot holds W1 to W5 (56 flags, from
 * the benchmark's definition files) or those and {@link ScaleBench}'s generated flags up to
 * {@link #flagCount}; the cost of the part that grows with the snapshot is what this measures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ApplyChangeBench {

    @Param({"56", "10000"})
    public int flagCount;

    /** Whether the follower writes the applied snapshot to a backup file after each change. */
    @Param({"false", "true"})
    public boolean backup;

    private FlagManager flags;
    private FlagStore store;
    private FlagDefinition plain;
    private FlagDefinition changed;
    private long version;
    private Path directory;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Definitions definitions = Workloads.main();
        for (FlagDefinition flag : Workloads.bulk().flags()) {
            definitions = definitions.withFlag(flag);
        }
        if (flagCount > definitions.flags().size()) {
            for (FlagDefinition flag : ScaleBench.definitions(
                            flagCount - definitions.flags().size() + 1)
                    .flags()) {
                if (definitions.flag(flag.key()) == null) {
                    definitions = definitions.withFlag(flag);
                }
            }
        }
        store = FlagStores.inMemory();
        for (FlagDefinition flag : definitions.flags()) {
            store.putFlag(flag, FlagStore.NEW, ChangeNote.of(AuditAction.CREATE, "bench"));
        }
        directory = Files.createTempDirectory("flags-apply");
        Following following = Following.NONE.withBackupFile(backup ? directory.resolve("backup.json") : null);
        flags = FlagManager.builder()
                .source(FlagStores.follow(store, following))
                .build();
        plain = store.flag(Workloads.W1).definition();
        changed = plain.toBuilder().description("changed").build();
        version = store.flag(Workloads.W1).version();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        int held = ((InspectableFlagManager) flags).definitions().flags().size();
        flags.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
        if (held != flagCount) {
            throw new IllegalStateException("the snapshot held " + held + " flags, not " + flagCount);
        }
    }

    /** One write, applied by the follower before it returns. */
    @Benchmark
    public long applyOneChange() {
        FlagDefinition next = version % 2 == 0 ? plain : changed;
        version = store.putFlag(next, version, ChangeNote.of(AuditAction.UPDATE, "bench"))
                .flag()
                .version();
        return version;
    }
}
