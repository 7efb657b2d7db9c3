package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.autoconfigure.FlagsProperties;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebFlux admin API's default resolver: the caller is the actor of the Spring Security context
 * that the security web filter chain put in the Reactor context.
 */
final class ReactiveSecurityActorResolver implements ReactiveFlagsAdminActorResolver {

    private final SecurityActors actors;

    ReactiveSecurityActorResolver(FlagsProperties.Admin admin) {
        this.actors = new SecurityActors(admin);
    }

    @Override
    public Mono<Actor> resolve(ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .map(actors::of)
                .defaultIfEmpty(Actor.ANONYMOUS);
    }
}
