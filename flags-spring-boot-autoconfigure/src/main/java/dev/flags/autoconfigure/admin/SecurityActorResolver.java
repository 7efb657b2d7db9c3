package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.autoconfigure.FlagsProperties;
import jakarta.servlet.http.HttpServletRequest;

/** The admin API's default resolver: the caller is the actor of Spring Security's context. */
final class SecurityActorResolver implements FlagsAdminActorResolver {

    private final SecurityActors actors;

    SecurityActorResolver(FlagsProperties.Admin admin) {
        this.actors = new SecurityActors(admin);
    }

    @Override
    public Actor resolve(HttpServletRequest request) {
        return actors.current();
    }
}
