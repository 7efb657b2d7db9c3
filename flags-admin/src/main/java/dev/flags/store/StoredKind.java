package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.SegmentDefinition;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Everything a {@link FlagStore} does differently for flags and for segments: keys, JSON bodies,
 * the next stored version and the version check, so that a store writes both through one path. For
 * store implementations, like {@link StoreSupport}; applications do not call it.
 *
 * @param <D> the definition
 * @param <S> the definition as stored, with version and timestamps
 */
public final class StoredKind<D, S> {

    /** Flags: {@link FlagDefinition} stored as {@link StoredFlag}. */
    public static final StoredKind<FlagDefinition, StoredFlag> FLAG = new StoredKind<>(
            EntityKind.FLAG,
            "flags",
            FlagDefinition::key,
            StoredFlag::definition,
            StoredFlag::version,
            DefinitionsWriter::toJson,
            definitions -> definitions.flags().get(0),
            StoredKind::nextFlag);

    /** Segments: {@link SegmentDefinition} stored as {@link StoredSegment}. */
    public static final StoredKind<SegmentDefinition, StoredSegment> SEGMENT = new StoredKind<>(
            EntityKind.SEGMENT,
            "segments",
            SegmentDefinition::key,
            StoredSegment::definition,
            StoredSegment::version,
            DefinitionsWriter::toJson,
            definitions -> definitions.segments().get(0),
            (current, segment, now) -> new StoredSegment(
                    segment,
                    current == null ? 1 : current.version() + 1,
                    current == null ? now : current.created(),
                    now));

    /** The next stored form of a definition. */
    private interface Next<D, S> {
        S next(@Nullable S current, D definition, Instant now);
    }

    private final EntityKind kind;
    private final String section;
    private final Function<D, String> key;
    private final Function<S, D> definition;
    private final Function<S, Long> version;
    private final Function<D, String> json;
    private final Function<Definitions, D> parsed;
    private final Next<D, S> next;

    private StoredKind(
            EntityKind kind,
            String section,
            Function<D, String> key,
            Function<S, D> definition,
            Function<S, Long> version,
            Function<D, String> json,
            Function<Definitions, D> parsed,
            Next<D, S> next) {
        this.kind = kind;
        this.section = section;
        this.key = key;
        this.definition = definition;
        this.version = version;
        this.json = json;
        this.parsed = parsed;
        this.next = next;
    }

    /** Flag or segment, as audit entries name it. */
    public EntityKind kind() {
        return kind;
    }

    /** The key of a definition. */
    public String key(D definition) {
        return key.apply(requireNonNull(definition, "definition"));
    }

    /** The definition of a stored entity. */
    public D definition(S stored) {
        return definition.apply(stored);
    }

    /** The version of a stored entity; 0 for none. */
    public long version(@Nullable S stored) {
        return stored == null ? 0 : version.apply(stored);
    }

    /** A definition as the JSON body stores keep and audit entries carry. */
    public String toJson(D definition) {
        return json.apply(definition);
    }

    /**
     * Reads a JSON body written by {@link #toJson}.
     *
     * @param key the key the body was stored under
     * @param json the body
     * @return the definition
     */
    public D fromJson(String key, String json) {
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(json);
        return parsed.apply(DefinitionsReader.parseTree("store", Map.of(section, Map.of(key, tree))));
    }

    /**
     * What a write stores: version one more than the current one, created kept, updated now (and for
     * flags, since when one is archived).
     *
     * @param current what is stored now, or {@code null} for a new entity
     * @param definition the definition written
     * @param now the write's time, from {@link StoreSupport#now}
     * @return the entity to store
     */
    public S next(@Nullable S current, D definition, Instant now) {
        return next.next(current, definition, now);
    }

    /**
     * Checks a compare-and-set write before it changes anything.
     *
     * @param key the key written
     * @param expectedVersion the version the writer read, or {@link FlagStore#NEW}
     * @param current what is stored now, or {@code null}
     * @throws VersionConflictException when the versions differ
     * @throws IllegalArgumentException when {@code expectedVersion} is negative
     */
    public void checkVersion(String key, long expectedVersion, @Nullable S current) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be 0 (new) or more but was " + expectedVersion);
        }
        if (expectedVersion != version(current)) {
            throw new VersionConflictException(kind, key, expectedVersion, version(current));
        }
    }

    /**
     * Checks a compare-and-set delete before it changes anything: the entity must exist at the
     * expected version.
     *
     * @return the entity to delete
     * @throws VersionConflictException when it does not exist or is at another version
     */
    public S checkDelete(String key, long expectedVersion, @Nullable S current) {
        if (current == null) {
            throw new VersionConflictException(kind, key, expectedVersion, 0);
        }
        checkVersion(key, expectedVersion, current);
        return current;
    }

    /**
     * The audit entry of a write that stored {@code next} over {@code current}.
     *
     * @param sequence the write's sequence number
     * @param time the write's time
     * @param note action, actor and reason
     * @param current what was stored before, or {@code null} for a new entity
     * @param next what is stored now
     * @return the entry, with both bodies as JSON
     */
    public AuditEntry written(long sequence, Instant time, ChangeNote note, @Nullable S current, S next) {
        D after = definition(next);
        return entry(
                sequence,
                time,
                note,
                key(after),
                version(next),
                current == null ? null : toJson(definition(current)),
                toJson(after));
    }

    /**
     * The audit entry of deleting {@code current}: its version is one more than the deleted one's.
     *
     * @param sequence the delete's sequence number
     * @param time the delete's time
     * @param note action, actor and reason
     * @param current what was stored
     * @return the entry, with the last definition as its before body
     */
    public AuditEntry deleted(long sequence, Instant time, ChangeNote note, S current) {
        D before = definition(current);
        return entry(sequence, time, note, key(before), version(current) + 1, toJson(before), null);
    }

    private AuditEntry entry(
            long sequence,
            Instant time,
            ChangeNote note,
            String key,
            long version,
            @Nullable String before,
            @Nullable String after) {
        return new AuditEntry(
                sequence, time, kind, key, note.action(), note.actor(), version, before, after, note.reason());
    }

    private static StoredFlag nextFlag(@Nullable StoredFlag current, FlagDefinition flag, Instant now) {
        Instant archived = null;
        if (flag.status() == FlagStatus.ARCHIVED) {
            archived = current != null && current.archived() != null ? current.archived() : now;
        }
        return new StoredFlag(
                flag,
                current == null ? 1 : current.version() + 1,
                current == null ? now : current.created(),
                now,
                archived);
    }

    @Override
    public String toString() {
        return kind.name();
    }
}
