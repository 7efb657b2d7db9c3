package dev.flags.autoconfigure.webflux;

import dev.flags.EvaluationContext;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds to the evaluation context built for each WebFlux exchange, after the targeting key, groups
 * and standard attributes are set: the reactive counterpart of the servlet
 * {@code FlagContextCustomizer}. Customizers run in {@link org.springframework.core.Ordered order},
 * once per exchange, and must not block.
 */
@FunctionalInterface
public interface ReactiveFlagContextCustomizer {

    /**
     * Customizes the context of one exchange.
     *
     * @param context the context being built; set or replace anything
     * @param exchange the exchange
     * @param principal the exchange's authenticated principal, or {@code null}
     */
    void customize(EvaluationContext.Builder context, ServerWebExchange exchange, @Nullable Principal principal);
}
