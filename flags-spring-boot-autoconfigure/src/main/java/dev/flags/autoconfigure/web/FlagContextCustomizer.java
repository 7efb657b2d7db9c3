package dev.flags.autoconfigure.web;

import dev.flags.EvaluationContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Adds to the evaluation context built for each web request, after the targeting key, groups and
 * standard attributes are set. Define beans of this type to add attributes from your own model, for
 * example the customer's country or plan:
 *
 * <pre>{@code
 * @Bean
 * FlagContextCustomizer plan(CustomerRepository customers) {
 *     return (context, request) -> context.attribute("plan", customers.planOf(request.getUserPrincipal()));
 * }
 * }</pre>
 *
 * Customizers run in {@link org.springframework.core.Ordered order}, once per request.
 */
@FunctionalInterface
public interface FlagContextCustomizer {

    /**
     * Customizes the context of one request.
     *
     * @param context the context being built; set or replace anything
     * @param request the request
     */
    void customize(EvaluationContext.Builder context, HttpServletRequest request);
}
