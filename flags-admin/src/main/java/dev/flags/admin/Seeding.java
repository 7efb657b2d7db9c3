package dev.flags.admin;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.StoreContents;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the store from definition files: works out what to import or overwrite, validates the
 * result as a whole, and writes segments first and flags after the flags they require.
 */
final class Seeding {

    private static final Logger log = LoggerFactory.getLogger(FlagAdmin.class);

    private final EntityWrites writes;

    Seeding(EntityWrites writes) {
        this.writes = writes;
    }

    SeedResult seed(Actor actor, Definitions definitions, SeedMode mode) {
        return writes.exclusive(() -> {
            StoreContents contents = writes.store().contents();
            Plan<SegmentDefinition, StoredSegment> segments =
                    Plan.of(AdminKind.SEGMENT, definitions.segments(), contents, mode);
            Plan<FlagDefinition, StoredFlag> flags = Plan.of(AdminKind.FLAG, definitions.flags(), contents, mode);
            EntityWrites.validate(flags.applyTo(segments.applyTo(contents.definitions())));
            List<AuditEntry> changes = new ArrayList<>();
            segments.write(writes, segments.writes, contents, actor, changes);
            flags.write(writes, prerequisitesFirst(flags.writes), contents, actor, changes);
            return new SeedResult(changes, flags.kept, segments.kept);
        });
    }

    /** What seeding one kind writes and keeps. */
    private record Plan<D, S>(AdminKind<D, S> kind, List<D> writes, List<String> kept) {

        static <D, S> Plan<D, S> of(AdminKind<D, S> kind, List<D> files, StoreContents contents, SeedMode mode) {
            List<D> writes = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (D definition : files) {
                S stored = kind.in(contents, kind.key(definition));
                if (stored == null
                        || (mode == SeedMode.FILES_AUTHORITATIVE
                                && !kind.stored.definition(stored).equals(definition))) {
                    writes.add(definition);
                } else {
                    kept.add(kind.key(definition));
                }
            }
            return new Plan<>(kind, writes, kept);
        }

        Definitions applyTo(Definitions definitions) {
            Definitions candidate = definitions;
            for (D definition : writes) {
                candidate = kind.with(candidate, definition);
            }
            return candidate;
        }

        void write(
                EntityWrites writer, List<D> ordered, StoreContents contents, Actor actor, List<AuditEntry> changes) {
            for (D definition : ordered) {
                String key = kind.key(definition);
                S stored = kind.in(contents, key);
                AdminKind.Written<S> written = writer.write(
                        kind,
                        definition,
                        stored == null ? FlagStore.NEW : kind.stored.version(stored),
                        ChangeNote.of(
                                stored == null ? AuditAction.SEED_IMPORT : AuditAction.SEED_OVERWRITE, actor.name()));
                changes.add(written.entry());
                if (stored != null) {
                    log.info(
                            "{} overwritten from definition files (files are authoritative)",
                            kind.kind().named(key));
                }
            }
        }
    }

    /** Orders flags so that each comes after the flags it requires, so the engine sees fewer invalid states. */
    private static List<FlagDefinition> prerequisitesFirst(List<FlagDefinition> flags) {
        Map<String, FlagDefinition> byKey = new LinkedHashMap<>();
        for (FlagDefinition flag : flags) {
            byKey.put(flag.key(), flag);
        }
        Set<String> done = new LinkedHashSet<>();
        List<FlagDefinition> ordered = new ArrayList<>();
        for (FlagDefinition flag : flags) {
            visit(flag, byKey, done, ordered, new LinkedHashSet<>());
        }
        return ordered;
    }

    private static void visit(
            FlagDefinition flag,
            Map<String, FlagDefinition> byKey,
            Set<String> done,
            List<FlagDefinition> ordered,
            Set<String> path) {
        if (done.contains(flag.key()) || !path.add(flag.key())) {
            return;
        }
        for (Prerequisite prerequisite : flag.prerequisites()) {
            FlagDefinition required = byKey.get(prerequisite.flag());
            if (required != null) {
                visit(required, byKey, done, ordered, path);
            }
        }
        done.add(flag.key());
        ordered.add(flag);
    }
}
