package dev.flags.admin;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.FlagStore;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import dev.flags.store.VersionConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Manages flags and segments at run time over a {@link FlagStore}: what a REST API or an admin UI
 * calls. Every method takes the calling {@link Actor} and checks its permissions and scope here,
 * not only in a controller; denied attempts are logged. Evaluation is never checked.
 *
 * <p>Every write is validated exactly like loading, together with all other flags and segments
 * in the store, and rejected whole with every error ({@link ValidationException}). Writes are
 * compare-and-set on the version a caller read ({@link StoredFlag#version()}, the ETag): a stale
 * version fails with {@link VersionConflictException} and changes nothing. {@link #ANY_VERSION}
 * skips that check for callers that change one field on whatever is current, such as a kill
 * switch; those read, change and write again on a conflict, so no update is lost either way.
 *
 * <p>Each successful write appends an audit entry atomically with the change, tells the
 * {@link AuditListener}s, and (with the engine built over {@link dev.flags.store.FlagStores#source})
 * is evaluated at once. See {@link FlagAdminException} for how refusals map to HTTP statuses.
 */
public interface FlagAdmin {

    /** An expected version that accepts whatever version is current. */
    long ANY_VERSION = -1;

    /**
     * Starts configuring a service over a store.
     *
     * @param store the store
     * @return the builder
     */
    static FlagAdminBuilder builder(FlagStore store) {
        return new FlagAdminBuilder(store);
    }

    // ---- flags ----

    /** Every flag, ordered by key ({@link Permission#READ}). */
    List<StoredFlag> listFlags(Actor actor);

    /**
     * One flag ({@link Permission#READ}).
     *
     * @throws NotFoundException when no flag has the key
     */
    StoredFlag getFlag(Actor actor, String key);

    /**
     * Creates a flag ({@link Permission#WRITE}; {@link Permission#ADMIN} too when it is created
     * archived or emergency-off), at version 1.
     *
     * @param reason why, for the audit log; optional
     * @throws AlreadyExistsException when a flag has the key
     * @throws ValidationException when the flag, together with everything else, is not valid
     */
    StoredFlag createFlag(Actor actor, FlagDefinition flag, @Nullable String reason);

    /**
     * Replaces a flag's definition ({@link Permission#WRITE}). A different status must be a move the
     * {@link StatusTransitions state machine} allows, with the permission it needs.
     *
     * @param expectedVersion the version the caller read, or {@link #ANY_VERSION}
     * @param reason why, for the audit log; required when the status becomes emergency-off
     * @throws NotFoundException when no flag has the key
     * @throws VersionConflictException when the flag is at another version
     * @throws IllegalTransitionException when the status change is not allowed
     * @throws ValidationException when the result is not valid
     */
    StoredFlag updateFlag(Actor actor, FlagDefinition flag, long expectedVersion, @Nullable String reason);

    /**
     * Deletes a flag ({@link Permission#DELETE}); refused while other flags require it.
     *
     * @param reason why; required
     * @return the audit entry
     * @throws ValidationException without a reason, or when other flags still require the flag
     */
    AuditEntry deleteFlag(Actor actor, String key, long expectedVersion, String reason);

    /**
     * Moves a flag to another status through the {@link StatusTransitions state machine}; a flag
     * already in that status is returned unchanged.
     *
     * @param reason why; required for emergency-off
     * @throws IllegalTransitionException when the move is not allowed; carries the allowed targets
     * @throws AccessDeniedException without the permission the move needs
     */
    StoredFlag changeStatus(Actor actor, String key, FlagStatus status, long expectedVersion, @Nullable String reason);

    /**
     * The kill switch: moves a flag to emergency-off ({@link Permission#ADMIN}), overriding
     * everything it would serve. Same as {@code changeStatus(..., EMERGENCY_OFF, ...)}.
     *
     * @param reason why; required
     */
    StoredFlag emergencyOff(Actor actor, String key, long expectedVersion, String reason);

    /**
     * Brings a flag back from emergency-off ({@link Permission#ADMIN}), the only way out of it.
     *
     * @param status the status to restore, any but emergency-off
     * @throws IllegalTransitionException when the flag is not in emergency-off
     */
    StoredFlag restore(Actor actor, String key, FlagStatus status, long expectedVersion, @Nullable String reason);

    /**
     * Sets the targeting keys that always get a variant ({@link Permission#WRITE}); an empty list
     * removes the variant's targets.
     */
    StoredFlag setTargets(Actor actor, String key, String variant, List<String> targetingKeys, long expectedVersion);

    /** Replaces every rule ({@link Permission#WRITE}). */
    StoredFlag setRules(Actor actor, String key, List<Rule> rules, long expectedVersion);

    /** Replaces the rule with the same id, or adds it after the others ({@link Permission#WRITE}). */
    StoredFlag putRule(Actor actor, String key, Rule rule, long expectedVersion);

    /**
     * Removes a rule ({@link Permission#WRITE}).
     *
     * @throws ValidationException when the flag has no rule with that id
     */
    StoredFlag removeRule(Actor actor, String key, String ruleId, long expectedVersion);

    /**
     * Sets what a rule, or the fallthrough, serves ({@link Permission#WRITE}): a variant, weights,
     * a progressive rollout or dated steps.
     *
     * @param ruleId the rule id, or {@code null} for the fallthrough
     * @throws ValidationException when the flag has no rule with that id
     */
    StoredFlag setServe(Actor actor, String key, @Nullable String ruleId, Serve serve, long expectedVersion);

    /**
     * Sets the weights of a rule's or the fallthrough's distribution ({@link Permission#WRITE}), for
     * example to widen a rollout; variants keep the map's order.
     *
     * @param ruleId the rule id, or {@code null} for the fallthrough
     */
    StoredFlag setWeights(
            Actor actor, String key, @Nullable String ruleId, Map<String, Integer> weights, long expectedVersion);

    /** Sets the active window of a scheduled flag; either end may be open ({@link Permission#WRITE}). */
    StoredFlag setActiveWindow(
            Actor actor, String key, @Nullable Instant activeFrom, @Nullable Instant activeUntil, long expectedVersion);

    // ---- segments ----

    /** Every segment, ordered by key ({@link Permission#READ}). */
    List<StoredSegment> listSegments(Actor actor);

    /** One segment ({@link Permission#READ}). */
    StoredSegment getSegment(Actor actor, String key);

    /** Creates a segment ({@link Permission#WRITE}, unscoped actors only). */
    StoredSegment createSegment(Actor actor, SegmentDefinition segment, @Nullable String reason);

    /** Replaces a segment ({@link Permission#WRITE}, unscoped actors only). */
    StoredSegment updateSegment(Actor actor, SegmentDefinition segment, long expectedVersion, @Nullable String reason);

    /** Deletes a segment no flag uses ({@link Permission#DELETE}, unscoped actors only); reason required. */
    AuditEntry deleteSegment(Actor actor, String key, long expectedVersion, String reason);

    // ---- audit, seeding, lifecycle ----

    /** Audit entries matching a query, newest first ({@link Permission#READ}). */
    List<AuditEntry> audit(Actor actor, AuditQuery query);

    /**
     * Seeds the store from definition files ({@link Permission#ADMIN}): what the store lacks is
     * imported; what it has is kept, unless {@code mode} makes the files authoritative, in which case
     * each differing flag or segment is overwritten. Every import and overwrite is audited. The
     * result must be valid as a whole, or nothing is written.
     */
    SeedResult seed(Actor actor, Definitions definitions, SeedMode mode);

    /**
     * Deletes flags archived longer than the configured retention ({@link Permission#ADMIN}), each
     * deletion audited; a flag other flags still require is kept and logged.
     *
     * @return the audit entries of the deletions
     */
    List<AuditEntry> cleanUpArchived(Actor actor);

    /**
     * Reports cleanup candidates ({@link Permission#READ}): flags past their review date, active
     * flags serving one variant to everyone unchanged for longer than configured, flags not
     * evaluated for longer than configured (with {@link EvaluationStatistics}), and archived flags
     * that code still evaluates (with a {@link dev.flags.FlagManager}).
     */
    StaleFlagReport staleFlags(Actor actor);
}
