package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the admin REST API on WebFlux who calls it; the reactive counterpart of
 * {@link FlagsAdminActorResolver}. The API only builds the {@link Actor}; the admin service checks
 * its permissions and scope. Define a bean to replace the default, which maps the Spring Security
 * authentication of the Reactor context ({@code ReactiveSecurityContextHolder}) through
 * {@code flags.admin.permissions} and {@code flags.admin.scopes}.
 */
@FunctionalInterface
public interface ReactiveFlagsAdminActorResolver {

    /**
     * The actor of an exchange.
     *
     * @param exchange the exchange
     * @return the actor, {@link Actor#ANONYMOUS} (or empty) when nobody is authenticated
     */
    Mono<Actor> resolve(ServerWebExchange exchange);
}
