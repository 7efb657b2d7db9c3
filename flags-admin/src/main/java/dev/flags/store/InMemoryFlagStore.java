package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A store in memory: for tests and applications that only read files. Lost on restart. */
final class InMemoryFlagStore implements FlagStore {

    private final Clock clock;
    private final StoreSupport writes = new StoreSupport();
    // Guarded by "this".
    private final Map<String, StoredFlag> flags = new TreeMap<>();
    private final Map<String, StoredSegment> segments = new TreeMap<>();
    private final List<AuditEntry> log = new ArrayList<>();

    InMemoryFlagStore(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "in-memory store";
    }

    @Override
    public synchronized StoreContents contents() {
        return new StoreContents(List.copyOf(flags.values()), List.copyOf(segments.values()), log.size());
    }

    @Override
    public synchronized @Nullable StoredFlag flag(String key) {
        return flags.get(requireNonNull(key, "key"));
    }

    @Override
    public synchronized @Nullable StoredSegment segment(String key) {
        return segments.get(requireNonNull(key, "key"));
    }

    @Override
    public FlagChange putFlag(FlagDefinition flag, long expectedVersion, ChangeNote note) {
        requireNonNull(flag, "flag");
        requireNonNull(note, "note");
        FlagChange change;
        synchronized (this) {
            StoredFlag current = flags.get(flag.key());
            StoreSupport.checkVersion(
                    EntityKind.FLAG, flag.key(), expectedVersion, current == null ? 0 : current.version());
            StoredFlag stored = StoreSupport.nextFlag(current, flag, StoreSupport.now(clock));
            flags.put(flag.key(), stored);
            change = new FlagChange(
                    stored,
                    append(
                            EntityKind.FLAG,
                            flag.key(),
                            note,
                            stored.version(),
                            stored.updated(),
                            current == null ? null : DefinitionsWriter.toJson(current.definition()),
                            DefinitionsWriter.toJson(flag)));
        }
        writes.changed();
        return change;
    }

    @Override
    public AuditEntry deleteFlag(String key, long expectedVersion, ChangeNote note) {
        requireNonNull(key, "key");
        requireNonNull(note, "note");
        AuditEntry entry;
        synchronized (this) {
            StoredFlag current = flags.get(key);
            if (current == null) {
                throw new StaleVersionException(EntityKind.FLAG, key, expectedVersion, 0);
            }
            StoreSupport.checkVersion(EntityKind.FLAG, key, expectedVersion, current.version());
            flags.remove(key);
            entry = append(
                    EntityKind.FLAG,
                    key,
                    note,
                    current.version() + 1,
                    StoreSupport.now(clock),
                    DefinitionsWriter.toJson(current.definition()),
                    null);
        }
        writes.changed();
        return entry;
    }

    @Override
    public SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note) {
        requireNonNull(segment, "segment");
        requireNonNull(note, "note");
        SegmentChange change;
        synchronized (this) {
            StoredSegment current = segments.get(segment.key());
            StoreSupport.checkVersion(
                    EntityKind.SEGMENT, segment.key(), expectedVersion, current == null ? 0 : current.version());
            StoredSegment stored = StoreSupport.nextSegment(current, segment, StoreSupport.now(clock));
            segments.put(segment.key(), stored);
            change = new SegmentChange(
                    stored,
                    append(
                            EntityKind.SEGMENT,
                            segment.key(),
                            note,
                            stored.version(),
                            stored.updated(),
                            current == null ? null : DefinitionsWriter.toJson(current.definition()),
                            DefinitionsWriter.toJson(segment)));
        }
        writes.changed();
        return change;
    }

    @Override
    public AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note) {
        requireNonNull(key, "key");
        requireNonNull(note, "note");
        AuditEntry entry;
        synchronized (this) {
            StoredSegment current = segments.get(key);
            if (current == null) {
                throw new StaleVersionException(EntityKind.SEGMENT, key, expectedVersion, 0);
            }
            StoreSupport.checkVersion(EntityKind.SEGMENT, key, expectedVersion, current.version());
            segments.remove(key);
            entry = append(
                    EntityKind.SEGMENT,
                    key,
                    note,
                    current.version() + 1,
                    StoreSupport.now(clock),
                    DefinitionsWriter.toJson(current.definition()),
                    null);
        }
        writes.changed();
        return entry;
    }

    private AuditEntry append(
            EntityKind kind,
            String key,
            ChangeNote note,
            long version,
            Instant time,
            @Nullable String before,
            @Nullable String after) {
        AuditEntry entry = new AuditEntry(
                log.size() + 1L, time, kind, key, note.action(), note.actor(), version, before, after, note.reason());
        log.add(entry);
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> changesSince(long sequence, int limit) {
        int from = (int) Math.max(0, Math.min(sequence, log.size()));
        return List.copyOf(log.subList(from, Math.min(log.size(), from + Math.max(0, limit))));
    }

    @Override
    public synchronized List<AuditEntry> audit(AuditQuery query) {
        requireNonNull(query, "query");
        List<AuditEntry> matches = new ArrayList<>();
        for (int i = log.size() - 1; i >= 0 && matches.size() < query.limit(); i--) {
            if (query.matches(log.get(i))) {
                matches.add(log.get(i));
            }
        }
        return List.copyOf(matches);
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        return writes.watch(requireNonNull(onChange, "onChange"));
    }
}
