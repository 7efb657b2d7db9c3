package dev.flags.admin;

import static dev.flags.admin.Access.authenticate;
import static dev.flags.admin.Access.require;
import static dev.flags.admin.Access.requireReason;
import static dev.flags.admin.Access.requireScope;
import static dev.flags.admin.Access.requireUnscoped;
import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The admin service over a store. Each method checks its arguments and the actor's access, and
 * hands the work to the class with that job: {@link EntityWrites} (the one write path for flags and
 * segments), {@link FlagEdits} (changes to an existing flag), {@link Seeding},
 * {@link ArchivedCleanup} and {@link StaleFlagFinder}.
 */
final class StoreFlagAdmin implements FlagAdmin {

    private final FlagStore store;
    private final EntityWrites writes;
    private final FlagEdits edits;
    private final Seeding seeding;
    private final ArchivedCleanup cleanup;
    private final StaleFlagFinder staleFlags;

    StoreFlagAdmin(FlagAdminBuilder builder) {
        this.store = builder.store;
        this.writes = new EntityWrites(builder.store, builder.listeners);
        this.edits = new FlagEdits(writes);
        this.seeding = new Seeding(writes);
        this.cleanup = new ArchivedCleanup(writes, builder.clock, builder.archivedRetention);
        this.staleFlags = new StaleFlagFinder(builder.store, builder);
    }

    // ---- flags ----

    @Override
    public List<StoredFlag> listFlags(Actor actor) {
        return list(AdminKind.FLAG, actor);
    }

    @Override
    public StoredFlag getFlag(Actor actor, String key) {
        return get(AdminKind.FLAG, actor, key);
    }

    @Override
    public StoredFlag createFlag(Actor actor, FlagDefinition flag, @Nullable String reason) {
        authenticate(actor);
        requireNonNull(flag, "flag");
        require(actor, Permission.WRITE, flag.key());
        FlagEdits.checkCreated(actor, flag, reason);
        return writes.create(AdminKind.FLAG, flag, new ChangeNote(AuditAction.CREATE, actor.name(), reason));
    }

    @Override
    public StoredFlag updateFlag(Actor actor, FlagDefinition flag, long expectedVersion, @Nullable String reason) {
        requireNonNull(flag, "flag");
        return edit(actor, flag.key(), expectedVersion, AuditAction.UPDATE, reason, current -> flag);
    }

    @Override
    public AuditEntry deleteFlag(Actor actor, String key, long expectedVersion, String reason) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.DELETE, key);
        requireReason(reason, "to delete a flag");
        StoredFlag current = writes.current(AdminKind.FLAG, key, expectedVersion);
        requireScope(actor, current.definition(), Permission.DELETE);
        return writes.delete(AdminKind.FLAG, current, new ChangeNote(AuditAction.DELETE, actor.name(), reason));
    }

    @Override
    public StoredFlag changeStatus(
            Actor actor, String key, FlagStatus status, long expectedVersion, @Nullable String reason) {
        return moveStatus(actor, key, status, expectedVersion, reason, FlagEdits.Move.EDIT);
    }

    @Override
    public StoredFlag emergencyOff(Actor actor, String key, long expectedVersion, String reason) {
        return changeStatus(actor, key, FlagStatus.EMERGENCY_OFF, expectedVersion, reason);
    }

    @Override
    public StoredFlag restore(
            Actor actor, String key, FlagStatus status, long expectedVersion, @Nullable String reason) {
        return moveStatus(actor, key, status, expectedVersion, reason, FlagEdits.Move.RESTORE);
    }

    private StoredFlag moveStatus(
            Actor actor,
            String key,
            FlagStatus status,
            long expectedVersion,
            @Nullable String reason,
            FlagEdits.Move move) {
        requireNonNull(key, "key");
        requireNonNull(status, "status");
        return edits.modify(
                actor,
                key,
                expectedVersion,
                AuditAction.STATUS_CHANGE,
                reason,
                move,
                current -> current.withStatus(status));
    }

    @Override
    public StoredFlag setTargets(
            Actor actor, String key, String variant, List<String> targetingKeys, long expectedVersion) {
        requireNonNull(variant, "variant");
        List<String> keys = List.copyOf(targetingKeys);
        return edit(actor, key, expectedVersion, current -> FlagChanges.withTargets(current, variant, keys));
    }

    @Override
    public StoredFlag setRules(Actor actor, String key, List<Rule> rules, long expectedVersion) {
        List<Rule> copy = List.copyOf(rules);
        return edit(actor, key, expectedVersion, current -> FlagChanges.withRules(current, copy));
    }

    @Override
    public StoredFlag putRule(Actor actor, String key, Rule rule, long expectedVersion) {
        requireNonNull(rule, "rule");
        return edit(actor, key, expectedVersion, current -> FlagChanges.withRule(current, rule));
    }

    @Override
    public StoredFlag removeRule(Actor actor, String key, String ruleId, long expectedVersion) {
        requireNonNull(ruleId, "ruleId");
        return edit(actor, key, expectedVersion, current -> FlagChanges.withoutRule(current, ruleId));
    }

    @Override
    public StoredFlag setServe(Actor actor, String key, @Nullable String ruleId, Serve serve, long expectedVersion) {
        requireNonNull(serve, "serve");
        return edit(actor, key, expectedVersion, current -> FlagChanges.withServe(current, ruleId, serve));
    }

    @Override
    public StoredFlag setWeights(
            Actor actor, String key, @Nullable String ruleId, Map<String, Integer> weights, long expectedVersion) {
        List<Serve.Weight> list = new ArrayList<>();
        requireNonNull(weights, "weights").forEach((variant, weight) -> list.add(new Serve.Weight(variant, weight)));
        return setServe(actor, key, ruleId, new Serve.Distribution(list), expectedVersion);
    }

    @Override
    public StoredFlag setActiveWindow(
            Actor actor,
            String key,
            @Nullable Instant activeFrom,
            @Nullable Instant activeUntil,
            long expectedVersion) {
        return edit(
                actor,
                key,
                expectedVersion,
                current -> current.toBuilder()
                        .activeFrom(activeFrom)
                        .activeUntil(activeUntil)
                        .build());
    }

    /** A partial edit: audited as an update, without a reason. */
    private StoredFlag edit(Actor actor, String key, long expectedVersion, UnaryOperator<FlagDefinition> change) {
        return edit(actor, key, expectedVersion, AuditAction.UPDATE, null, change);
    }

    private StoredFlag edit(
            Actor actor,
            String key,
            long expectedVersion,
            AuditAction action,
            @Nullable String reason,
            UnaryOperator<FlagDefinition> change) {
        return edits.modify(actor, key, expectedVersion, action, reason, FlagEdits.Move.EDIT, change);
    }

    // ---- segments ----

    @Override
    public List<StoredSegment> listSegments(Actor actor) {
        return list(AdminKind.SEGMENT, actor);
    }

    @Override
    public StoredSegment getSegment(Actor actor, String key) {
        return get(AdminKind.SEGMENT, actor, key);
    }

    @Override
    public StoredSegment createSegment(Actor actor, SegmentDefinition segment, @Nullable String reason) {
        authenticate(actor);
        requireNonNull(segment, "segment");
        require(actor, Permission.WRITE, segment.key());
        requireUnscoped(actor, Permission.WRITE, segment.key());
        return writes.create(AdminKind.SEGMENT, segment, new ChangeNote(AuditAction.CREATE, actor.name(), reason));
    }

    @Override
    public StoredSegment updateSegment(
            Actor actor, SegmentDefinition segment, long expectedVersion, @Nullable String reason) {
        authenticate(actor);
        requireNonNull(segment, "segment");
        require(actor, Permission.WRITE, segment.key());
        requireUnscoped(actor, Permission.WRITE, segment.key());
        StoredSegment current = writes.current(AdminKind.SEGMENT, segment.key(), expectedVersion);
        return writes.commit(
                AdminKind.SEGMENT,
                segment,
                current.version(),
                new ChangeNote(AuditAction.UPDATE, actor.name(), reason));
    }

    @Override
    public AuditEntry deleteSegment(Actor actor, String key, long expectedVersion, String reason) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.DELETE, key);
        requireUnscoped(actor, Permission.DELETE, key);
        requireReason(reason, "to delete a segment");
        StoredSegment current = writes.current(AdminKind.SEGMENT, key, expectedVersion);
        return writes.delete(AdminKind.SEGMENT, current, new ChangeNote(AuditAction.DELETE, actor.name(), reason));
    }

    private <D, S> List<S> list(AdminKind<D, S> kind, Actor actor) {
        authenticate(actor);
        require(actor, Permission.READ, null);
        return kind.all(store.contents());
    }

    private <D, S> S get(AdminKind<D, S> kind, Actor actor, String key) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.READ, key);
        return writes.existing(kind, key);
    }

    // ---- audit, seeding, lifecycle ----

    @Override
    public List<AuditEntry> audit(Actor actor, AuditQuery query) {
        authenticate(actor);
        requireNonNull(query, "query");
        require(actor, Permission.READ, query.key());
        return store.audit(query);
    }

    @Override
    public SeedResult seed(Actor actor, Definitions definitions, SeedMode mode) {
        authenticate(actor);
        requireNonNull(definitions, "definitions");
        requireNonNull(mode, "mode");
        require(actor, Permission.ADMIN, null);
        return seeding.seed(actor, definitions, mode);
    }

    @Override
    public List<AuditEntry> cleanUpArchived(Actor actor) {
        authenticate(actor);
        require(actor, Permission.ADMIN, null);
        require(actor, Permission.DELETE, null);
        return cleanup.cleanUp(actor);
    }

    @Override
    public StaleFlagReport staleFlags(Actor actor) {
        authenticate(actor);
        require(actor, Permission.READ, null);
        return staleFlags.report();
    }
}
