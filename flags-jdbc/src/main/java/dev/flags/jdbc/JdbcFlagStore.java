package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagChange;
import dev.flags.store.FlagStore;
import dev.flags.store.FleetInstance;
import dev.flags.store.SegmentChange;
import dev.flags.store.StoreContents;
import dev.flags.store.StoreSupport;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A store in a relational database through plain JDBC, tested on H2, PostgreSQL and MariaDB.
 *
 * <p>Tables ({@code flags_} is the default prefix): {@code flags_schema_version} (applied
 * migrations), {@code flags_sequence} (one row holding the last change's sequence number),
 * {@code flags_flags} and {@code flags_segments} (definition bodies as JSON text in the
 * definitions format, with version and timestamps in epoch milliseconds), and
 * {@code flags_changes} (the change and audit log), {@code flags_lock} (the row {@link #exclusive}
 * holds) and {@code flags_instances} (each instance's last report, for the fleet listing).
 *
 * <p>Every write is one transaction that first increments the sequence row. That row lock
 * serializes writers across instances, so sequence numbers are assigned in commit order without
 * gaps, and the version check that follows sees the latest committed state. The entity row and its
 * log entry are written in the same transaction: either both are committed or neither is.
 *
 * <p>{@link #exclusive} holds the row of {@code flags_lock} for update while the admin service
 * reads, validates and writes (on other connections, so a pool needs two), which serializes
 * cross-flag validation across instances without holding the sequence row while validating.
 *
 * <p>The work is split by job: {@link JdbcSchema} creates and migrates the tables,
 * {@link JdbcReads} reads, {@link JdbcWrites} writes, and {@link JdbcTable} describes the flag and
 * segment tables so that both kinds go through the same reads and writes.
 */
final class JdbcFlagStore implements FlagStore {

    private final String prefix;
    private final JdbcTable<FlagDefinition, StoredFlag> flags;
    private final JdbcTable<SegmentDefinition, StoredSegment> segments;
    private final StoreSupport support = new StoreSupport();
    private final JdbcReads reads;
    private final JdbcWrites writes;
    private final JdbcFleet fleet;

    // Set when the database could not be reached to migrate at build time; cleared once migrated.
    private volatile @Nullable JdbcSchema pendingMigration;
    private final ReentrantLock migrating = new ReentrantLock();

    /**
     * A store over tables created or migrated by {@link JdbcSchema}, or to be migrated by
     * {@code pendingMigration} before the first use.
     */
    JdbcFlagStore(
            DataSource dataSource,
            String prefix,
            Clock clock,
            @Nullable JdbcSchema pendingMigration,
            @Nullable String notifyChannel) {
        this.pendingMigration = pendingMigration;
        this.prefix = prefix;
        this.flags = JdbcTable.flags(prefix);
        this.segments = JdbcTable.segments(prefix);
        this.reads = new JdbcReads(dataSource, prefix, flags, segments);
        this.writes = new JdbcWrites(dataSource, prefix, clock, support, notifyChannel);
        this.fleet = new JdbcFleet(dataSource, prefix);
    }

    @Override
    public String name() {
        return "jdbc store (" + prefix + "*)";
    }

    @Override
    public StoreContents contents() {
        ready();
        return reads.contents();
    }

    @Override
    public @Nullable StoredFlag flag(String key) {
        ready();
        return reads.find(flags, key);
    }

    @Override
    public @Nullable StoredSegment segment(String key) {
        ready();
        return reads.find(segments, key);
    }

    @Override
    public FlagChange putFlag(FlagDefinition flag, long expectedVersion, ChangeNote note) {
        ready();
        return writes.put(flags, flag, expectedVersion, note, FlagChange::new);
    }

    @Override
    public AuditEntry deleteFlag(String key, long expectedVersion, ChangeNote note) {
        ready();
        return writes.delete(flags, key, expectedVersion, note);
    }

    @Override
    public SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note) {
        ready();
        return writes.put(segments, segment, expectedVersion, note, SegmentChange::new);
    }

    @Override
    public AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note) {
        ready();
        return writes.delete(segments, key, expectedVersion, note);
    }

    @Override
    public List<AuditEntry> changesSince(long sequence, int limit) {
        ready();
        return reads.changesSince(sequence, limit);
    }

    @Override
    public <T> T exclusive(Supplier<T> work) {
        ready();
        return writes.exclusive(requireNonNull(work, "work"));
    }

    @Override
    public long head() {
        ready();
        return reads.head();
    }

    @Override
    public void report(FleetInstance instance) {
        ready();
        fleet.report(requireNonNull(instance, "instance"));
    }

    @Override
    public List<FleetInstance> fleet(Instant since) {
        ready();
        return fleet.fleet(requireNonNull(since, "since"));
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        ready();
        return reads.audit(query);
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        return support.watch(requireNonNull(onChange, "onChange"));
    }

    private void ready() {
        JdbcSchema schema = pendingMigration;
        if (schema != null) {
            // a lock, not synchronized: migrating blocks on the database, which would pin a virtual thread
            migrating.lock();
            try {
                if (pendingMigration != null) {
                    schema.migrate();
                    pendingMigration = null;
                }
            } finally {
                migrating.unlock();
            }
        }
    }
}
