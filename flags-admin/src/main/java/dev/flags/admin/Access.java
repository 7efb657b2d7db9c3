package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.FlagDefinition;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin service's access checks: each refusal is logged and thrown as the exception the API maps. */
final class Access {

    private static final Logger log = LoggerFactory.getLogger(FlagAdmin.class);

    private Access() {}

    static void authenticate(Actor actor) {
        requireNonNull(actor, "actor");
        if (actor.equals(Actor.ANONYMOUS)) {
            log.warn("Denied an unauthenticated request to manage flags");
            throw new NotAuthenticatedException();
        }
    }

    static void require(Actor actor, Permission permission, @Nullable String key) {
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

    /** An actor scoped to some owners or tags reaches only their flags. */
    static void requireScope(Actor actor, FlagDefinition flag, Permission permission) {
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

    /** Segments serve every flag, so only an actor scoped to none may change them. */
    static void requireUnscoped(Actor actor, Permission permission, String segmentKey) {
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

    static String requireReason(@Nullable String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new ValidationException(List.of(new DefinitionError(null, "reason", "a reason is required " + what)));
        }
        return reason;
    }
}
