package dev.flags.store;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Durable, writable flag and segment definitions: the SPI behind the admin service, separate from
 * read-only {@link dev.flags.source.FlagSource}s.
 *
 * <p>Every entity has a version that starts at 1 and grows by one with every write. Writes are
 * compare-and-set: a writer passes the version it read ({@link #NEW} to create), and a write that
 * finds another version throws {@link VersionConflictException} and changes nothing. Each successful
 * write appends one {@link AuditEntry} to the change log atomically with the change: there is never
 * a change without its entry, nor an entry without its change. Sequence numbers are assigned in
 * commit order without gaps, so {@link #changesSince} lets another instance catch up.
 *
 * <p>A store does not validate definitions; the admin service does that before writing, inside
 * {@link #exclusive}, which a store shared by several instances serializes across them. Stores are
 * thread-safe and tell their {@linkplain #watch watchers} after every successful write.
 */
public interface FlagStore {

    /** The expected version that means "must not exist yet". */
    long NEW = 0;

    /** Names the store in messages and logs. */
    String name();

    /**
     * Everything the store holds, read consistently.
     *
     * @return flags and segments ordered by key, with the sequence number of the last change
     */
    StoreContents contents();

    /**
     * One flag.
     *
     * @param key the flag key
     * @return the flag, or {@code null} when the store does not have it
     */
    @Nullable
    StoredFlag flag(String key);

    /**
     * One segment.
     *
     * @param key the segment key
     * @return the segment, or {@code null} when the store does not have it
     */
    @Nullable
    StoredSegment segment(String key);

    /**
     * Creates or replaces a flag if its current version is {@code expectedVersion}.
     *
     * @param flag the new definition
     * @param expectedVersion the version the writer read, or {@link #NEW} to create
     * @param note action, actor and reason for the audit entry
     * @return the flag as stored, with its new version and timestamps, and the audit entry
     * @throws VersionConflictException when the flag is at another version (or exists, for
     *     {@link #NEW}); nothing is written
     */
    FlagChange putFlag(FlagDefinition flag, long expectedVersion, ChangeNote note);

    /**
     * Deletes a flag if its current version is {@code expectedVersion}.
     *
     * @param key the flag key
     * @param expectedVersion the version the writer read
     * @param note action, actor and reason for the audit entry
     * @return the audit entry written
     * @throws VersionConflictException when the flag is at another version or does not exist
     */
    AuditEntry deleteFlag(String key, long expectedVersion, ChangeNote note);

    /**
     * Creates or replaces a segment if its current version is {@code expectedVersion}.
     *
     * @param segment the new definition
     * @param expectedVersion the version the writer read, or {@link #NEW} to create
     * @param note action, actor and reason for the audit entry
     * @return the segment as stored, and the audit entry
     * @throws VersionConflictException when the segment is at another version
     */
    SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note);

    /**
     * Deletes a segment if its current version is {@code expectedVersion}.
     *
     * @param key the segment key
     * @param expectedVersion the version the writer read
     * @param note action, actor and reason for the audit entry
     * @return the audit entry written
     * @throws VersionConflictException when the segment is at another version or does not exist
     */
    AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note);

    /**
     * The change log after a point, oldest first.
     *
     * @param sequence the last sequence number already seen; 0 for the start
     * @param limit at most this many entries
     * @return entries with sequence numbers above {@code sequence}, in order
     */
    List<AuditEntry> changesSince(long sequence, int limit);

    /**
     * Runs work that reads the store, validates and writes, with every other {@code exclusive} work
     * on the same store held off until it ends, in this instance and in every other instance that
     * shares the store. The admin service validates cross-flag references (prerequisites, segments,
     * cycles) this way, so that two instances writing at once cannot commit a combination the
     * engine then refuses. The default serializes the callers of this store object only.
     *
     * @param work the reads, checks and writes
     * @param <T> what the work returns
     * @return what the work returned
     * @throws FlagStoreException when the store cannot be locked; nothing was run
     */
    default <T> T exclusive(Supplier<T> work) {
        synchronized (this) {
            return work.get();
        }
    }

    /**
     * The sequence number of the last committed change: what a follower polls to learn that the
     * store moved. Stores should answer it with one cheap query; the default reads everything.
     *
     * @return the head of the change log, 0 for an empty store
     */
    default long head() {
        return contents().sequence();
    }

    /**
     * Records where an instance stands, replacing its previous report: what a follower does once per
     * poll, so a store should make it one cheap write (the JDBC store: one update, or one insert the
     * first time). The default keeps nothing, for a store that only one instance uses: its fleet is
     * that instance alone.
     *
     * @param instance the report
     * @throws FlagStoreException when the store cannot be written; the follower logs it and goes on
     */
    default void report(FleetInstance instance) {}

    /**
     * The instances that reported since a point in time, ordered by id; reports older than it are
     * deleted, so instances that stopped long ago do not pile up. The default knows no instance.
     *
     * @param since the oldest report still listed
     * @return the reports of the instances seen since then
     * @throws FlagStoreException when the store cannot be read
     */
    default List<FleetInstance> fleet(Instant since) {
        return List.of();
    }

    /**
     * Audit entries matching a query, newest first.
     *
     * @param query the criteria and limit
     * @return the matching entries
     */
    List<AuditEntry> audit(AuditQuery query);

    /**
     * Calls {@code onChange} after every successful write made through this store object, on the
     * writing thread, after the change is durable. Changes made by other instances are not seen
     * here; catch up with {@link #changesSince}, as {@link FlagStores#follow} does.
     *
     * @param onChange the callback; a callback that throws is logged and does not fail the write
     * @return stops the callbacks when closed
     */
    AutoCloseable watch(Runnable onChange);
}
