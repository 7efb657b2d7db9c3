package dev.flags.autoconfigure.support;

import dev.flags.EvaluationContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Targeting key and groups from a Spring Security {@link Authentication}, on either web stack.
 * Loaded only where Spring Security is present. Internal.
 */
public final class SecurityContexts {

    private SecurityContexts() {}

    /**
     * Sets the targeting key, the {@code user} attribute and the groups (authorities without their
     * {@code ROLE_} prefix) of an authenticated, non-anonymous caller; does nothing otherwise.
     *
     * @param context the context being built
     * @param authentication the caller's authentication, or {@code null}
     */
    public static void apply(EvaluationContext.Builder context, @Nullable Authentication authentication) {
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return;
        }
        context.targetingKey(authentication.getName());
        context.attribute(EvaluationContext.USER, authentication.getName());
        List<String> groups = new ArrayList<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null) {
                groups.add(name.startsWith("ROLE_") ? name.substring("ROLE_".length()) : name);
            }
        }
        context.groups(groups);
    }
}
