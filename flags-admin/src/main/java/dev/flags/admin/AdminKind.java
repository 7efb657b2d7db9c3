package dev.flags.admin;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.EntityKind;
import dev.flags.store.FlagChange;
import dev.flags.store.FlagStore;
import dev.flags.store.SegmentChange;
import dev.flags.store.StoreContents;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredKind;
import dev.flags.store.StoredSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the admin service does differently for flags and segments: which store methods it calls
 * and how a write changes the definitions it validates. Everything else goes one way
 * ({@link EntityWrites}).
 */
final class AdminKind<D, S> {

    static final AdminKind<FlagDefinition, StoredFlag> FLAG = new AdminKind<>(
            StoredKind.FLAG,
            new Store<>() {
                @Override
                public @Nullable StoredFlag find(FlagStore store, String key) {
                    return store.flag(key);
                }

                @Override
                public Written<StoredFlag> put(FlagStore store, FlagDefinition flag, long version, ChangeNote note) {
                    FlagChange change = store.putFlag(flag, version, note);
                    return new Written<>(change.flag(), change.entry());
                }

                @Override
                public AuditEntry delete(FlagStore store, String key, long version, ChangeNote note) {
                    return store.deleteFlag(key, version, note);
                }
            },
            StoreContents::flags,
            StoreContents::flag,
            Definitions::withFlag,
            Definitions::withoutFlag);

    static final AdminKind<SegmentDefinition, StoredSegment> SEGMENT = new AdminKind<>(
            StoredKind.SEGMENT,
            new Store<>() {
                @Override
                public @Nullable StoredSegment find(FlagStore store, String key) {
                    return store.segment(key);
                }

                @Override
                public Written<StoredSegment> put(
                        FlagStore store, SegmentDefinition segment, long version, ChangeNote note) {
                    SegmentChange change = store.putSegment(segment, version, note);
                    return new Written<>(change.segment(), change.entry());
                }

                @Override
                public AuditEntry delete(FlagStore store, String key, long version, ChangeNote note) {
                    return store.deleteSegment(key, version, note);
                }
            },
            StoreContents::segments,
            StoreContents::segment,
            AdminKind::withSegment,
            AdminKind::withoutSegment);

    /** A successful write: the entity as stored and its audit entry. */
    record Written<S>(S stored, AuditEntry entry) {}

    /** The {@link FlagStore} methods for one kind. */
    interface Store<D, S> {
        @Nullable
        S find(FlagStore store, String key);

        Written<S> put(FlagStore store, D definition, long version, ChangeNote note);

        AuditEntry delete(FlagStore store, String key, long version, ChangeNote note);
    }

    final StoredKind<D, S> stored;
    final Store<D, S> store;
    private final Function<StoreContents, List<S>> all;
    private final BiFunction<StoreContents, String, @Nullable S> inContents;
    private final BiFunction<Definitions, D, Definitions> with;
    private final BiFunction<Definitions, String, Definitions> without;

    private AdminKind(
            StoredKind<D, S> stored,
            Store<D, S> store,
            Function<StoreContents, List<S>> all,
            BiFunction<StoreContents, String, @Nullable S> inContents,
            BiFunction<Definitions, D, Definitions> with,
            BiFunction<Definitions, String, Definitions> without) {
        this.stored = stored;
        this.store = store;
        this.all = all;
        this.inContents = inContents;
        this.with = with;
        this.without = without;
    }

    EntityKind kind() {
        return stored.kind();
    }

    String key(D definition) {
        return stored.key(definition);
    }

    List<S> all(StoreContents contents) {
        return all.apply(contents);
    }

    @Nullable
    S in(StoreContents contents, String key) {
        return inContents.apply(contents, key);
    }

    /** The definitions with this one replacing the entity of its key, or added. */
    Definitions with(Definitions definitions, D definition) {
        return with.apply(definitions, definition);
    }

    Definitions without(Definitions definitions, String key) {
        return without.apply(definitions, key);
    }

    private static Definitions withSegment(Definitions definitions, SegmentDefinition segment) {
        List<SegmentDefinition> segments = new ArrayList<>();
        boolean replaced = false;
        for (SegmentDefinition existing : definitions.segments()) {
            if (existing.key().equals(segment.key())) {
                segments.add(segment);
                replaced = true;
            } else {
                segments.add(existing);
            }
        }
        if (!replaced) {
            segments.add(segment);
        }
        return new Definitions(definitions.flags(), segments);
    }

    private static Definitions withoutSegment(Definitions definitions, String key) {
        return new Definitions(
                definitions.flags(),
                definitions.segments().stream()
                        .filter(s -> !s.key().equals(key))
                        .toList());
    }

    @Override
    public String toString() {
        return kind().name();
    }
}
