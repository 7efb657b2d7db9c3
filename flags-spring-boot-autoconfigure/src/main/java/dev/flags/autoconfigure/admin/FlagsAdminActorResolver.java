package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells the admin REST API who calls it. The API only builds the {@link Actor}; the admin service
 * checks its permissions and scope. Define a bean to replace the default, which maps Spring
 * Security authorities through {@code flags.admin.permissions} and {@code flags.admin.scopes}.
 */
@FunctionalInterface
public interface FlagsAdminActorResolver {

    /**
     * The actor of a request.
     *
     * @param request the request
     * @return the actor, {@link Actor#ANONYMOUS} when nobody is authenticated
     */
    Actor resolve(HttpServletRequest request);
}
