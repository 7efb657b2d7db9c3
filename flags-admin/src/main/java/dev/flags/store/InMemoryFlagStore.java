package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** A store in memory: for tests and applications that only read files. Lost on restart. */
final class InMemoryFlagStore implements FlagStore {

    private final Clock clock;
    private final StoreSupport support = new StoreSupport();
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
        return put(StoredKind.FLAG, flags, flag, expectedVersion, note, FlagChange::new);
    }

    @Override
    public AuditEntry deleteFlag(String key, long expectedVersion, ChangeNote note) {
        return delete(StoredKind.FLAG, flags, key, expectedVersion, note);
    }

    @Override
    public SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note) {
        return put(StoredKind.SEGMENT, segments, segment, expectedVersion, note, SegmentChange::new);
    }

    @Override
    public AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note) {
        return delete(StoredKind.SEGMENT, segments, key, expectedVersion, note);
    }

    private <D, S, C> C put(
            StoredKind<D, S> kind,
            Map<String, S> entities,
            D definition,
            long expectedVersion,
            ChangeNote note,
            BiFunction<S, AuditEntry, C> change) {
        String key = kind.key(definition);
        requireNonNull(note, "note");
        C result;
        synchronized (this) {
            S current = entities.get(key);
            kind.checkVersion(key, expectedVersion, current);
            Instant now = StoreSupport.now(clock);
            S next = kind.next(current, definition, now);
            entities.put(key, next);
            result = change.apply(next, append(kind.written(log.size() + 1L, now, note, current, next)));
        }
        support.changed();
        return result;
    }

    private <D, S> AuditEntry delete(
            StoredKind<D, S> kind, Map<String, S> entities, String key, long expectedVersion, ChangeNote note) {
        requireNonNull(key, "key");
        requireNonNull(note, "note");
        AuditEntry entry;
        synchronized (this) {
            S current = kind.checkDelete(key, expectedVersion, entities.get(key));
            entities.remove(key);
            entry = append(kind.deleted(log.size() + 1L, StoreSupport.now(clock), note, current));
        }
        support.changed();
        return entry;
    }

    private AuditEntry append(AuditEntry entry) {
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
        return support.watch(requireNonNull(onChange, "onChange"));
    }
}
