package dev.flags.store;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What the writer says about a change; the store adds key, time, version and the definitions
 * before and after, and writes the resulting {@link AuditEntry} atomically with the change.
 *
 * @param action what the change does
 * @param actor who makes it, for example a user name or {@code system:cleanup}
 * @param reason why, if given
 */
public record ChangeNote(
        AuditAction action, String actor, @Nullable String reason) {

    /** Checks the components. */
    public ChangeNote {
        requireNonNull(action, "action");
        requireNonNull(actor, "actor");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
    }

    /**
     * A note without a reason.
     *
     * @param action what the change does
     * @param actor who makes it
     * @return the note
     */
    public static ChangeNote of(AuditAction action, String actor) {
        return new ChangeNote(action, actor, null);
    }
}
