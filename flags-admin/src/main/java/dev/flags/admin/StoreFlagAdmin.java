package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.InspectableFlagManager;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.ChangeNote;
import dev.flags.store.EntityKind;
import dev.flags.store.FlagChange;
import dev.flags.store.FlagStore;
import dev.flags.store.SegmentChange;
import dev.flags.store.StaleVersionException;
import dev.flags.store.StoreContents;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin service over a store. StoreSupport are serialized within this instance by one lock, so that
 * validating against the other flags and writing happen against the same state; across instances
 * the store's compare-and-set keeps any single flag from losing an update.
 */
final class StoreFlagAdmin implements FlagAdmin {

    private static final Logger log = LoggerFactory.getLogger(FlagAdmin.class);
    private static final int ANY_VERSION_ATTEMPTS = 5;

    private final FlagStore store;
    private final Clock clock;
    private final Duration archivedRetention;
    private final Duration singleVariantAfter;
    private final Duration unevaluatedAfter;
    private final @Nullable EvaluationStatistics statistics;
    private final @Nullable InspectableFlagManager flagManager;
    private final List<AuditListener> listeners;
    private final ReentrantLock writeLock = new ReentrantLock();

    StoreFlagAdmin(FlagAdminBuilder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.archivedRetention = builder.archivedRetention;
        this.singleVariantAfter = builder.singleVariantAfter;
        this.unevaluatedAfter = builder.unevaluatedAfter;
        this.statistics = builder.statistics;
        this.flagManager = builder.flagManager;
        this.listeners = List.copyOf(builder.listeners);
    }

    // ---- access control ----

    private static void authenticate(Actor actor) {
        requireNonNull(actor, "actor");
        if (actor.equals(Actor.ANONYMOUS)) {
            log.warn("Denied an unauthenticated request to manage flags");
            throw new NotAuthenticatedException();
        }
    }

    private static void require(Actor actor, Permission permission, @Nullable String key) {
        if (!actor.has(permission)) {
            log.warn(
                    "Denied: actor '{}' lacks permission {}{}",
                    actor.name(),
                    permission,
                    key == null ? "" : " for '" + key + "'");
            throw new AccessDeniedException(
                    actor.name(),
                    permission,
                    key,
                    "Actor '" + actor.name() + "' lacks permission " + permission
                            + (key == null ? "" : " for '" + key + "'"));
        }
    }

    private static void requireScope(Actor actor, FlagDefinition flag, Permission permission) {
        if (!actor.covers(flag)) {
            log.warn("Denied: flag '{}' is outside the scope of actor '{}'", flag.key(), actor.name());
            throw new AccessDeniedException(
                    actor.name(),
                    permission,
                    flag.key(),
                    "Flag '" + flag.key() + "' (owner '" + flag.owner() + "', tags " + flag.tags()
                            + ") is outside the scope of actor '" + actor.name() + "'");
        }
    }

    private static void requireUnscoped(Actor actor, Permission permission, String segmentKey) {
        if (actor.isScoped()) {
            log.warn("Denied: scoped actor '{}' may not change segment '{}'", actor.name(), segmentKey);
            throw new AccessDeniedException(
                    actor.name(),
                    permission,
                    segmentKey,
                    "Actor '" + actor.name() + "' is scoped to some flags and may not change segment '" + segmentKey
                            + "'");
        }
    }

    private static String requireReason(@Nullable String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new ValidationException(List.of(new DefinitionError(null, "reason", "a reason is required " + what)));
        }
        return reason;
    }

    // ---- flags: reads ----

    @Override
    public List<StoredFlag> listFlags(Actor actor) {
        authenticate(actor);
        require(actor, Permission.READ, null);
        return store.contents().flags();
    }

    @Override
    public StoredFlag getFlag(Actor actor, String key) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.READ, key);
        return existing(key);
    }

    private StoredFlag existing(String key) {
        StoredFlag flag = store.flag(key);
        if (flag == null) {
            throw new NotFoundException(EntityKind.FLAG, key);
        }
        return flag;
    }

    // ---- flags: writes ----

    @Override
    public StoredFlag createFlag(Actor actor, FlagDefinition flag, @Nullable String reason) {
        authenticate(actor);
        requireNonNull(flag, "flag");
        require(actor, Permission.WRITE, flag.key());
        if (flag.status() == FlagStatus.ARCHIVED || flag.status() == FlagStatus.EMERGENCY_OFF) {
            require(actor, Permission.ADMIN, flag.key());
        }
        requireScope(actor, flag, Permission.WRITE);
        if (flag.status() == FlagStatus.EMERGENCY_OFF) {
            requireReason(reason, "to switch a flag to emergency-off");
        }
        if (store.flag(flag.key()) != null) {
            throw new AlreadyExistsException(EntityKind.FLAG, flag.key());
        }
        try {
            return commitFlag(flag, FlagStore.NEW, new ChangeNote(AuditAction.CREATE, actor.name(), reason))
                    .flag();
        } catch (StaleVersionException e) {
            throw new AlreadyExistsException(EntityKind.FLAG, flag.key());
        }
    }

    @Override
    public StoredFlag updateFlag(Actor actor, FlagDefinition flag, long expectedVersion, @Nullable String reason) {
        requireNonNull(flag, "flag");
        return modify(actor, flag.key(), expectedVersion, AuditAction.UPDATE, reason, false, current -> flag);
    }

    @Override
    public AuditEntry deleteFlag(Actor actor, String key, long expectedVersion, String reason) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.DELETE, key);
        requireReason(reason, "to delete a flag");
        StoredFlag current = existing(key);
        checkExpected(EntityKind.FLAG, key, expectedVersion, current.version());
        requireScope(actor, current.definition(), Permission.DELETE);
        return deleteValidated(current, new ChangeNote(AuditAction.DELETE, actor.name(), reason), expectedVersion);
    }

    private AuditEntry deleteValidated(StoredFlag current, ChangeNote note, long expectedVersion) {
        writeLock.lock();
        try {
            validate(store.contents().definitions().withoutFlag(current.key()));
            AuditEntry entry = store.deleteFlag(current.key(), current.version(), note);
            publish(entry);
            return entry;
        } catch (StaleVersionException e) {
            throw conflict(e, expectedVersion == ANY_VERSION ? current.version() : expectedVersion);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public StoredFlag changeStatus(
            Actor actor, String key, FlagStatus status, long expectedVersion, @Nullable String reason) {
        requireNonNull(key, "key");
        requireNonNull(status, "status");
        return modify(
                actor,
                key,
                expectedVersion,
                AuditAction.STATUS_CHANGE,
                reason,
                false,
                current -> current.withStatus(status));
    }

    @Override
    public StoredFlag emergencyOff(Actor actor, String key, long expectedVersion, String reason) {
        return changeStatus(actor, key, FlagStatus.EMERGENCY_OFF, expectedVersion, reason);
    }

    @Override
    public StoredFlag restore(
            Actor actor, String key, FlagStatus status, long expectedVersion, @Nullable String reason) {
        requireNonNull(key, "key");
        requireNonNull(status, "status");
        return modify(
                actor,
                key,
                expectedVersion,
                AuditAction.STATUS_CHANGE,
                reason,
                true,
                current -> current.withStatus(status));
    }

    @Override
    public StoredFlag setTargets(
            Actor actor, String key, String variant, List<String> targetingKeys, long expectedVersion) {
        requireNonNull(variant, "variant");
        List<String> keys = List.copyOf(targetingKeys);
        return modify(actor, key, expectedVersion, AuditAction.UPDATE, null, false, current -> {
            Map<String, List<String>> targets = new LinkedHashMap<>(current.targets());
            if (keys.isEmpty()) {
                targets.remove(variant);
            } else {
                targets.put(variant, keys);
            }
            return withTargets(current, targets);
        });
    }

    private static FlagDefinition withTargets(FlagDefinition flag, Map<String, List<String>> targets) {
        return new FlagDefinition(
                flag.key(),
                flag.type(),
                flag.variants(),
                flag.defaultVariant(),
                flag.offVariant(),
                flag.description(),
                flag.owner(),
                flag.tags(),
                flag.created(),
                flag.reviewBy(),
                flag.status(),
                flag.activeFrom(),
                flag.activeUntil(),
                flag.environments(),
                flag.bucketBy(),
                flag.salt(),
                flag.prerequisites(),
                targets,
                flag.rules(),
                flag.fallthrough(),
                flag.metadata(),
                flag.experiment());
    }

    private static FlagDefinition withRules(FlagDefinition flag, List<Rule> rules) {
        return new FlagDefinition(
                flag.key(),
                flag.type(),
                flag.variants(),
                flag.defaultVariant(),
                flag.offVariant(),
                flag.description(),
                flag.owner(),
                flag.tags(),
                flag.created(),
                flag.reviewBy(),
                flag.status(),
                flag.activeFrom(),
                flag.activeUntil(),
                flag.environments(),
                flag.bucketBy(),
                flag.salt(),
                flag.prerequisites(),
                flag.targets(),
                rules,
                flag.fallthrough(),
                flag.metadata(),
                flag.experiment());
    }

    @Override
    public StoredFlag setRules(Actor actor, String key, List<Rule> rules, long expectedVersion) {
        List<Rule> copy = List.copyOf(rules);
        return modify(
                actor, key, expectedVersion, AuditAction.UPDATE, null, false, current -> withRules(current, copy));
    }

    @Override
    public StoredFlag putRule(Actor actor, String key, Rule rule, long expectedVersion) {
        requireNonNull(rule, "rule");
        return modify(actor, key, expectedVersion, AuditAction.UPDATE, null, false, current -> {
            List<Rule> rules = new ArrayList<>(current.rules());
            int index = ruleIndex(current, rule.id());
            if (index < 0) {
                rules.add(rule);
            } else {
                rules.set(index, rule);
            }
            return withRules(current, rules);
        });
    }

    @Override
    public StoredFlag removeRule(Actor actor, String key, String ruleId, long expectedVersion) {
        requireNonNull(ruleId, "ruleId");
        return modify(actor, key, expectedVersion, AuditAction.UPDATE, null, false, current -> {
            List<Rule> rules = new ArrayList<>(current.rules());
            rules.remove(requireRule(current, ruleId));
            return withRules(current, rules);
        });
    }

    private static int ruleIndex(FlagDefinition flag, String ruleId) {
        for (int i = 0; i < flag.rules().size(); i++) {
            if (flag.rules().get(i).id().equals(ruleId)) {
                return i;
            }
        }
        return -1;
    }

    private static int requireRule(FlagDefinition flag, String ruleId) {
        int index = ruleIndex(flag, ruleId);
        if (index < 0) {
            throw new ValidationException(List.of(new DefinitionError(
                    null,
                    "flags." + flag.key() + ".rules",
                    "no rule with id '" + ruleId + "' (rules: "
                            + flag.rules().stream().map(Rule::id).toList() + ")")));
        }
        return index;
    }

    @Override
    public StoredFlag setServe(Actor actor, String key, @Nullable String ruleId, Serve serve, long expectedVersion) {
        requireNonNull(serve, "serve");
        return modify(actor, key, expectedVersion, AuditAction.UPDATE, null, false, current -> {
            if (ruleId == null) {
                return current.toBuilder().fallthrough(serve).build();
            }
            List<Rule> rules = new ArrayList<>(current.rules());
            int index = requireRule(current, ruleId);
            Rule rule = rules.get(index);
            rules.set(index, new Rule(rule.id(), rule.name(), rule.when(), serve));
            return withRules(current, rules);
        });
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
        return modify(
                actor,
                key,
                expectedVersion,
                AuditAction.UPDATE,
                null,
                false,
                current -> current.toBuilder()
                        .activeFrom(activeFrom)
                        .activeUntil(activeUntil)
                        .build());
    }

    /**
     * Reads the flag, applies a change, checks version, scope, status transition and validity, and
     * writes it with compare-and-set; with {@link #ANY_VERSION}, a conflicting concurrent write makes
     * it start over on the newer version.
     */
    private StoredFlag modify(
            Actor actor,
            String key,
            long expectedVersion,
            AuditAction action,
            @Nullable String reason,
            boolean restore,
            UnaryOperator<FlagDefinition> change) {
        authenticate(actor);
        // A status move checks the permission it needs (StatusTransitions) once the current status is
        // known, so an administrator without WRITE can still pull the kill switch.
        if (action != AuditAction.STATUS_CHANGE || !actor.has(Permission.ADMIN)) {
            require(actor, Permission.WRITE, key);
        }
        for (int attempt = 1; ; attempt++) {
            StoredFlag current = existing(key);
            checkExpected(EntityKind.FLAG, key, expectedVersion, current.version());
            requireScope(actor, current.definition(), Permission.WRITE);
            FlagDefinition after = change.apply(current.definition());
            if (!after.key().equals(key)) {
                throw new ValidationException(List.of(new DefinitionError(
                        null, "flags." + key, "the key cannot change (to '" + after.key() + "'); create a new flag")));
            }
            FlagStatus from = current.definition().status();
            if (from == after.status() && restore) {
                throw illegalRestore(key, from, after.status());
            }
            if (from == after.status() && action == AuditAction.STATUS_CHANGE) {
                return current; // already there: pressing the kill switch twice is not an error
            }
            checkTransition(actor, key, from, after.status(), reason, restore);
            requireScope(actor, after, Permission.WRITE);
            try {
                return commitFlag(after, current.version(), new ChangeNote(action, actor.name(), reason))
                        .flag();
            } catch (StaleVersionException e) {
                if (expectedVersion != ANY_VERSION || attempt >= ANY_VERSION_ATTEMPTS) {
                    throw conflict(e, expectedVersion == ANY_VERSION ? current.version() : expectedVersion);
                }
            }
        }
    }

    private static IllegalTransitionException illegalRestore(String key, FlagStatus from, FlagStatus to) {
        return new IllegalTransitionException(
                key,
                from,
                to,
                StatusTransitions.allowed(from),
                from == FlagStatus.EMERGENCY_OFF
                        ? "; restore to another status than emergency-off"
                        : "; restore only brings a flag back from emergency-off");
    }

    private static void checkTransition(
            Actor actor, String key, FlagStatus from, FlagStatus to, @Nullable String reason, boolean restore) {
        if (restore) {
            if (from != FlagStatus.EMERGENCY_OFF || to == FlagStatus.EMERGENCY_OFF) {
                throw illegalRestore(key, from, to);
            }
            require(actor, Permission.ADMIN, key);
            return;
        }
        if (from == to) {
            return;
        }
        if (!StatusTransitions.isAllowed(from, to)) {
            throw new IllegalTransitionException(
                    key,
                    from,
                    to,
                    StatusTransitions.allowed(from),
                    from == FlagStatus.EMERGENCY_OFF ? "; a flag leaves emergency-off only through restore" : "");
        }
        require(actor, StatusTransitions.requiredPermission(from, to), key);
        if (to == FlagStatus.EMERGENCY_OFF) {
            requireReason(reason, "to switch a flag to emergency-off");
        }
    }

    private static void checkExpected(EntityKind kind, String key, long expectedVersion, long currentVersion) {
        if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
            throw new VersionConflictException(kind, key, expectedVersion, currentVersion);
        }
    }

    private static VersionConflictException conflict(StaleVersionException e, long expected) {
        return new VersionConflictException(e.kind(), e.key(), expected, e.actualVersion(), e);
    }

    private FlagChange commitFlag(FlagDefinition flag, long version, ChangeNote note) {
        writeLock.lock();
        try {
            validate(store.contents().definitions().withFlag(flag));
            FlagChange change = store.putFlag(flag, version, note);
            publish(change.entry());
            return change;
        } finally {
            writeLock.unlock();
        }
    }

    private static void validate(Definitions candidate) {
        List<DefinitionError> errors = candidate.validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private void publish(AuditEntry entry) {
        for (AuditListener listener : listeners) {
            try {
                listener.changed(entry);
            } catch (RuntimeException e) { // the change is durable; a listener's failure must not fail it
                log.error("Audit listener {} failed for entry {}", listener, entry.sequence(), e);
            }
        }
    }

    // ---- segments ----

    @Override
    public List<StoredSegment> listSegments(Actor actor) {
        authenticate(actor);
        require(actor, Permission.READ, null);
        return store.contents().segments();
    }

    @Override
    public StoredSegment getSegment(Actor actor, String key) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.READ, key);
        return existingSegment(key);
    }

    private StoredSegment existingSegment(String key) {
        StoredSegment segment = store.segment(key);
        if (segment == null) {
            throw new NotFoundException(EntityKind.SEGMENT, key);
        }
        return segment;
    }

    @Override
    public StoredSegment createSegment(Actor actor, SegmentDefinition segment, @Nullable String reason) {
        authenticate(actor);
        requireNonNull(segment, "segment");
        require(actor, Permission.WRITE, segment.key());
        requireUnscoped(actor, Permission.WRITE, segment.key());
        if (store.segment(segment.key()) != null) {
            throw new AlreadyExistsException(EntityKind.SEGMENT, segment.key());
        }
        try {
            return commitSegment(segment, FlagStore.NEW, new ChangeNote(AuditAction.CREATE, actor.name(), reason))
                    .segment();
        } catch (StaleVersionException e) {
            throw new AlreadyExistsException(EntityKind.SEGMENT, segment.key());
        }
    }

    @Override
    public StoredSegment updateSegment(
            Actor actor, SegmentDefinition segment, long expectedVersion, @Nullable String reason) {
        authenticate(actor);
        requireNonNull(segment, "segment");
        require(actor, Permission.WRITE, segment.key());
        requireUnscoped(actor, Permission.WRITE, segment.key());
        StoredSegment current = existingSegment(segment.key());
        checkExpected(EntityKind.SEGMENT, segment.key(), expectedVersion, current.version());
        try {
            return commitSegment(segment, current.version(), new ChangeNote(AuditAction.UPDATE, actor.name(), reason))
                    .segment();
        } catch (StaleVersionException e) {
            throw conflict(e, expectedVersion == ANY_VERSION ? current.version() : expectedVersion);
        }
    }

    @Override
    public AuditEntry deleteSegment(Actor actor, String key, long expectedVersion, String reason) {
        authenticate(actor);
        requireNonNull(key, "key");
        require(actor, Permission.DELETE, key);
        requireUnscoped(actor, Permission.DELETE, key);
        requireReason(reason, "to delete a segment");
        StoredSegment current = existingSegment(key);
        checkExpected(EntityKind.SEGMENT, key, expectedVersion, current.version());
        writeLock.lock();
        try {
            Definitions definitions = store.contents().definitions();
            validate(new Definitions(
                    definitions.flags(),
                    definitions.segments().stream()
                            .filter(s -> !s.key().equals(key))
                            .toList()));
            AuditEntry entry = store.deleteSegment(
                    key, current.version(), new ChangeNote(AuditAction.DELETE, actor.name(), reason));
            publish(entry);
            return entry;
        } catch (StaleVersionException e) {
            throw conflict(e, expectedVersion == ANY_VERSION ? current.version() : expectedVersion);
        } finally {
            writeLock.unlock();
        }
    }

    private SegmentChange commitSegment(SegmentDefinition segment, long version, ChangeNote note) {
        writeLock.lock();
        try {
            validate(withSegment(store.contents().definitions(), segment));
            SegmentChange change = store.putSegment(segment, version, note);
            publish(change.entry());
            return change;
        } finally {
            writeLock.unlock();
        }
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

    // ---- audit ----

    @Override
    public List<AuditEntry> audit(Actor actor, AuditQuery query) {
        authenticate(actor);
        requireNonNull(query, "query");
        require(actor, Permission.READ, query.key());
        return store.audit(query);
    }

    // ---- seeding ----

    @Override
    public SeedResult seed(Actor actor, Definitions definitions, SeedMode mode) {
        authenticate(actor);
        requireNonNull(definitions, "definitions");
        requireNonNull(mode, "mode");
        require(actor, Permission.ADMIN, null);
        writeLock.lock();
        try {
            StoreContents contents = store.contents();
            Definitions candidate = contents.definitions();
            List<SegmentDefinition> segmentWrites = new ArrayList<>();
            List<String> keptSegments = new ArrayList<>();
            for (SegmentDefinition segment : definitions.segments()) {
                StoredSegment stored = contents.segment(segment.key());
                if (stored == null
                        || (mode == SeedMode.FILES_AUTHORITATIVE
                                && !stored.definition().equals(segment))) {
                    segmentWrites.add(segment);
                    candidate = withSegment(candidate, segment);
                } else {
                    keptSegments.add(segment.key());
                }
            }
            List<FlagDefinition> flagWrites = new ArrayList<>();
            List<String> keptFlags = new ArrayList<>();
            for (FlagDefinition flag : definitions.flags()) {
                StoredFlag stored = contents.flag(flag.key());
                if (stored == null
                        || (mode == SeedMode.FILES_AUTHORITATIVE
                                && !stored.definition().equals(flag))) {
                    flagWrites.add(flag);
                    candidate = candidate.withFlag(flag);
                } else {
                    keptFlags.add(flag.key());
                }
            }
            validate(candidate);
            List<AuditEntry> changes = new ArrayList<>();
            for (SegmentDefinition segment : segmentWrites) {
                StoredSegment stored = contents.segment(segment.key());
                SegmentChange change = store.putSegment(
                        segment,
                        stored == null ? FlagStore.NEW : stored.version(),
                        ChangeNote.of(
                                stored == null ? AuditAction.SEED_IMPORT : AuditAction.SEED_OVERWRITE, actor.name()));
                changes.add(change.entry());
                publish(change.entry());
            }
            for (FlagDefinition flag : prerequisitesFirst(flagWrites)) {
                StoredFlag stored = contents.flag(flag.key());
                FlagChange change = store.putFlag(
                        flag,
                        stored == null ? FlagStore.NEW : stored.version(),
                        ChangeNote.of(
                                stored == null ? AuditAction.SEED_IMPORT : AuditAction.SEED_OVERWRITE, actor.name()));
                changes.add(change.entry());
                publish(change.entry());
                if (stored != null) {
                    log.info("Flag '{}' overwritten from definition files (files are authoritative)", flag.key());
                }
            }
            return new SeedResult(changes, keptFlags, keptSegments);
        } catch (StaleVersionException e) {
            throw conflict(e, e.expectedVersion());
        } finally {
            writeLock.unlock();
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

    // ---- lifecycle ----

    @Override
    public List<AuditEntry> cleanUpArchived(Actor actor) {
        authenticate(actor);
        require(actor, Permission.ADMIN, null);
        require(actor, Permission.DELETE, null);
        Instant now = clock.instant();
        Instant cutoff = now.minus(archivedRetention);
        List<AuditEntry> deleted = new ArrayList<>();
        for (StoredFlag flag : store.contents().flags()) {
            Instant archived = flag.archived();
            if (archived == null || archived.isAfter(cutoff) || !actor.covers(flag.definition())) {
                continue;
            }
            try {
                deleted.add(deleteValidated(
                        flag,
                        new ChangeNote(
                                AuditAction.CLEANUP_DELETE,
                                actor.name(),
                                "archived since " + archived + ", longer than " + archivedRetention),
                        flag.version()));
            } catch (ValidationException e) {
                log.warn(
                        "Archived flag '{}' was not cleaned up: other flags still require it.\n{}",
                        flag.key(),
                        e.getMessage());
            } catch (VersionConflictException e) {
                log.info("Archived flag '{}' changed during cleanup; left for the next run", flag.key());
            }
        }
        return deleted;
    }

    @Override
    public StaleFlagReport staleFlags(Actor actor) {
        authenticate(actor);
        require(actor, Permission.READ, null);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant unchangedBefore = now.minus(singleVariantAfter);
        Instant unevaluatedBefore = now.minus(unevaluatedAfter);
        Map<String, Long> archivedEvaluations = flagManager == null ? Map.of() : flagManager.archivedFlagEvaluations();
        List<StaleFlag> findings = new ArrayList<>();
        for (StoredFlag stored : store.contents().flags()) {
            FlagDefinition flag = stored.definition();
            boolean archived = flag.status() == FlagStatus.ARCHIVED;
            if (!archived && flag.reviewBy() != null && flag.reviewBy().isBefore(today)) {
                findings.add(new StaleFlag(
                        flag.key(), StaleFlag.Reason.REVIEW_DATE_PASSED, "review date " + flag.reviewBy() + " passed"));
            }
            String single = singleVariant(flag);
            if (flag.status() == FlagStatus.ACTIVE
                    && single != null
                    && !stored.updated().isAfter(unchangedBefore)) {
                findings.add(new StaleFlag(
                        flag.key(),
                        StaleFlag.Reason.SINGLE_VARIANT,
                        "serves '" + single + "' to everyone, unchanged since " + stored.updated()));
            }
            if (statistics != null && !archived) {
                Instant last = statistics.lastEvaluated(flag.key());
                // Never evaluated: count from when counting started, or from creation if later.
                Instant since = statistics.since().isAfter(stored.created()) ? statistics.since() : stored.created();
                Instant reference = last != null ? last : since;
                if (!reference.isAfter(unevaluatedBefore)) {
                    findings.add(new StaleFlag(
                            flag.key(),
                            StaleFlag.Reason.NOT_EVALUATED,
                            last == null ? "not evaluated since " + since : "last evaluated " + last));
                }
            }
            long evaluations = archivedEvaluations.getOrDefault(flag.key(), 0L);
            if (archived && evaluations > 0) {
                findings.add(new StaleFlag(
                        flag.key(),
                        StaleFlag.Reason.ARCHIVED_BUT_EVALUATED,
                        "archived, yet evaluated " + evaluations + " time(s) since the application started"));
            }
        }
        return new StaleFlagReport(now, findings);
    }

    /** The one variant an active flag serves to everyone, or {@code null} when it can serve more. */
    private static @Nullable String singleVariant(FlagDefinition flag) {
        if (!flag.rules().isEmpty()
                || !flag.targets().isEmpty()
                || !flag.prerequisites().isEmpty()) {
            return null;
        }
        Serve serve = flag.fallthrough();
        if (serve == null) {
            return flag.defaultVariant();
        }
        if (serve instanceof Serve.Fixed fixed) {
            return fixed.variant();
        }
        if (serve instanceof Serve.Distribution distribution) {
            String only = null;
            for (Serve.Weight weight : distribution.weights()) {
                if (weight.weight() > 0) {
                    if (only != null) {
                        return null;
                    }
                    only = weight.variant();
                }
            }
            return only;
        }
        return null;
    }
}
