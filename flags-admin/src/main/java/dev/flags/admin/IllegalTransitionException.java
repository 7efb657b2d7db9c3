package dev.flags.admin;

import dev.flags.definition.FlagStatus;
import java.io.Serial;
import java.util.Set;
import java.util.stream.Collectors;

/** The flag cannot move from its status to the requested one (HTTP 409); carries the allowed targets. */
public final class IllegalTransitionException extends FlagAdminException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String key;
    private final FlagStatus from;
    private final FlagStatus to;

    @SuppressWarnings("serial") // an immutable Set.copyOf of enum constants
    private final Set<FlagStatus> allowed;

    IllegalTransitionException(String key, FlagStatus from, FlagStatus to, Set<FlagStatus> allowed, String hint) {
        super("Flag '" + key + "' cannot go from " + from.id() + " to " + to.id() + " (allowed: "
                + (allowed.isEmpty() ? "none" : ids(allowed)) + ")" + hint);
        this.key = key;
        this.from = from;
        this.to = to;
        this.allowed = Set.copyOf(allowed);
    }

    private static String ids(Set<FlagStatus> statuses) {
        return statuses.stream().sorted().map(FlagStatus::id).collect(Collectors.joining(", "));
    }

    /** The flag key. */
    public String key() {
        return key;
    }

    /** The flag's current status. */
    public FlagStatus from() {
        return from;
    }

    /** The status requested. */
    public FlagStatus to() {
        return to;
    }

    /** The statuses the flag may move to with {@link FlagAdmin#changeStatus}. */
    public Set<FlagStatus> allowed() {
        return allowed;
    }
}
