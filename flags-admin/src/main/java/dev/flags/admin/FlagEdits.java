package dev.flags.admin;

import static dev.flags.admin.Access.authenticate;
import static dev.flags.admin.Access.require;
import static dev.flags.admin.Access.requireReason;
import static dev.flags.admin.Access.requireScope;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.StoredFlag;
import dev.flags.store.VersionConflictException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Changes to an existing flag: read it, apply a change, check version, scope, status transition
 * and validity, and write it compare-and-set. With {@link FlagAdmin#ANY_VERSION}, a conflicting
 * concurrent write makes it start over on the newer version.
 */
final class FlagEdits {

    private static final int ANY_VERSION_ATTEMPTS = 5;

    /** How the status may move: as the state machine allows, or only out of emergency-off. */
    enum Move {
        EDIT,
        RESTORE
    }

    private final EntityWrites writes;

    FlagEdits(EntityWrites writes) {
        this.writes = writes;
    }

    StoredFlag modify(
            Actor actor,
            String key,
            long expectedVersion,
            AuditAction action,
            @Nullable String reason,
            Move move,
            UnaryOperator<FlagDefinition> change) {
        authenticate(actor);
        // A status move checks the permission it needs (StatusTransitions) once the current status is
        // known, so an administrator without WRITE can still pull the kill switch.
        if (action != AuditAction.STATUS_CHANGE || !actor.has(Permission.ADMIN)) {
            require(actor, Permission.WRITE, key);
        }
        for (int attempt = 1; ; attempt++) {
            StoredFlag current = writes.current(AdminKind.FLAG, key, expectedVersion);
            requireScope(actor, current.definition(), Permission.WRITE);
            FlagDefinition after = change.apply(current.definition());
            if (!after.key().equals(key)) {
                throw new ValidationException(List.of(new DefinitionError(
                        null, "flags." + key, "the key cannot change (to '" + after.key() + "'); create a new flag")));
            }
            FlagStatus from = current.definition().status();
            if (from == after.status() && move == Move.RESTORE) {
                throw illegalRestore(key, from, after.status());
            }
            if (from == after.status() && action == AuditAction.STATUS_CHANGE) {
                return current; // already there: pressing the kill switch twice is not an error
            }
            checkTransition(actor, key, from, after.status(), reason, move);
            requireScope(actor, after, Permission.WRITE);
            try {
                return writes.commit(
                        AdminKind.FLAG, after, current.version(), new ChangeNote(action, actor.name(), reason));
            } catch (VersionConflictException e) {
                if (expectedVersion != FlagAdmin.ANY_VERSION || attempt >= ANY_VERSION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** What creating a flag in its status needs beyond WRITE and scope. */
    static void checkCreated(Actor actor, FlagDefinition flag, @Nullable String reason) {
        if (flag.status() == FlagStatus.ARCHIVED || flag.status() == FlagStatus.EMERGENCY_OFF) {
            require(actor, Permission.ADMIN, flag.key());
        }
        requireScope(actor, flag, Permission.WRITE);
        if (flag.status() == FlagStatus.EMERGENCY_OFF) {
            requireReason(reason, "to switch a flag to emergency-off");
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
            Actor actor, String key, FlagStatus from, FlagStatus to, @Nullable String reason, Move move) {
        if (move == Move.RESTORE) {
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
}
