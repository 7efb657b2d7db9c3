package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle state machine that {@link FlagAdmin#changeStatus} enforces:
 *
 * <pre>
 * draft     -&gt; active, scheduled (WRITE); archived (ADMIN)
 * active    -&gt; paused, scheduled (WRITE)
 * scheduled -&gt; active, paused (WRITE)
 * paused    -&gt; active, scheduled (WRITE); archived (ADMIN)
 * archived  -&gt; paused (ADMIN, unarchive)
 * any other -&gt; emergency-off (ADMIN, reason required)
 * emergency-off -&gt; only through {@link FlagAdmin#restore}, to any other status (ADMIN)
 * </pre>
 *
 * A flag is archived from paused, so that switching it off and removing it are two deliberate steps.
 */
public final class StatusTransitions {

    private static final Map<FlagStatus, Set<FlagStatus>> ALLOWED = Map.of(
            FlagStatus.DRAFT,
            EnumSet.of(FlagStatus.ACTIVE, FlagStatus.SCHEDULED, FlagStatus.ARCHIVED, FlagStatus.EMERGENCY_OFF),
            FlagStatus.ACTIVE,
            EnumSet.of(FlagStatus.PAUSED, FlagStatus.SCHEDULED, FlagStatus.EMERGENCY_OFF),
            FlagStatus.SCHEDULED,
            EnumSet.of(FlagStatus.ACTIVE, FlagStatus.PAUSED, FlagStatus.EMERGENCY_OFF),
            FlagStatus.PAUSED,
            EnumSet.of(FlagStatus.ACTIVE, FlagStatus.SCHEDULED, FlagStatus.ARCHIVED, FlagStatus.EMERGENCY_OFF),
            FlagStatus.ARCHIVED,
            EnumSet.of(FlagStatus.PAUSED, FlagStatus.EMERGENCY_OFF),
            FlagStatus.EMERGENCY_OFF,
            EnumSet.noneOf(FlagStatus.class));

    private StatusTransitions() {}

    /**
     * Where {@link FlagAdmin#changeStatus} may take a flag from a status.
     *
     * @param from the current status
     * @return the allowed targets; none from emergency-off, which only {@link FlagAdmin#restore} leaves
     */
    public static Set<FlagStatus> allowed(FlagStatus from) {
        return Set.copyOf(ALLOWED.get(from));
    }

    /**
     * Whether {@link FlagAdmin#changeStatus} may move a flag between two statuses.
     *
     * @param from the current status
     * @param to the requested status
     * @return whether the move is allowed
     */
    public static boolean isAllowed(FlagStatus from, FlagStatus to) {
        // Every status is a key of ALLOWED, so only a null status finds nothing.
        return requireNonNull(ALLOWED.get(from), "from").contains(to);
    }

    /**
     * The permission a move needs: {@link Permission#ADMIN} for anything into or out of archived and
     * emergency-off, {@link Permission#WRITE} otherwise.
     *
     * @param from the current status
     * @param to the requested status
     * @return the permission
     */
    public static Permission requiredPermission(FlagStatus from, FlagStatus to) {
        return isPrivileged(from) || isPrivileged(to) ? Permission.ADMIN : Permission.WRITE;
    }

    private static boolean isPrivileged(FlagStatus status) {
        return status == FlagStatus.ARCHIVED || status == FlagStatus.EMERGENCY_OFF;
    }
}
