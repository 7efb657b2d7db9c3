package dev.flags.autoconfigure.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.admin.Actor;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagsProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.ConversionService;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Builds the actor from Spring Security's {@link Authentication}: its name, the permissions mapped
 * from its authorities, and the owners and tags its authorities are scoped to. An authority with a
 * scope restricts the actor only if no other authority it holds grants unscoped access. Shared by
 * the admin API and the sensitive-flag guard, and free of the servlet API for the latter.
 */
final class SecurityActors {

    private final Map<String, List<Permission>> permissions = new LinkedHashMap<>();

    private final Map<String, FlagsProperties.Scope> scopes = new LinkedHashMap<>();

    SecurityActors(FlagsProperties.Admin admin) {
        // Spring's binder drops characters such as '_' from unbracketed map keys, so compare
        // authorities and configured keys in a normalized form.
        ConversionService conversion = ApplicationConversionService.getSharedInstance();
        admin.getPermissions().forEach((authority, granted) -> {
            List<Permission> converted = new ArrayList<>();
            for (String permission : granted) {
                converted.add(permission(conversion, authority, permission));
            }
            permissions.put(normalize(authority), converted);
        });
        admin.getScopes().forEach((authority, scope) -> scopes.put(normalize(authority), scope));
    }

    /**
     * The permission a configured name stands for, with the binder's own leniency (read, READ,
     * Read), as if the property were typed. An unknown name stops startup with the property named,
     * through Spring Boot's report for invalid property values.
     */
    private static Permission permission(ConversionService conversion, String authority, String name) {
        try {
            return requireNonNull(conversion.convert(name.strip(), Permission.class), name);
        } catch (ConversionFailedException e) {
            List<String> known = new ArrayList<>();
            for (Permission permission : Permission.values()) {
                known.add(permission.name().toLowerCase(Locale.ROOT));
            }
            throw new InvalidConfigurationPropertyValueException(
                    "flags.admin.permissions." + authority,
                    name,
                    "'" + name + "' is not a permission; expected one of " + String.join(", ", known));
        }
    }

    /** The actor of the current thread's Spring Security context. */
    Actor current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /**
     * The actor of an authentication, wherever it was found (the thread's context on Spring MVC,
     * the Reactor context on WebFlux); {@link Actor#ANONYMOUS} for none or an anonymous one.
     */
    Actor of(@Nullable Authentication authentication) {
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Actor.ANONYMOUS;
        }
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        Set<String> owners = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        boolean unscoped = false;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name == null) {
                continue;
            }
            String key = normalize(name);
            List<Permission> mapped = permissions.get(key);
            if (mapped == null) {
                continue;
            }
            granted.addAll(mapped);
            FlagsProperties.Scope scope = scopes.get(key);
            if (scope == null || (scope.getOwners().isEmpty() && scope.getTags().isEmpty())) {
                unscoped = true;
            } else {
                owners.addAll(scope.getOwners());
                tags.addAll(scope.getTags());
            }
        }
        if (unscoped) {
            owners.clear();
            tags.clear();
        }
        return new Actor(auditName(authentication.getName()), granted, owners, tags);
    }

    /**
     * The principal's name as the audit log records it. A name longer than {@link
     * Actor#MAX_NAME_LENGTH} (a distinguished name, a long token subject) keeps its first characters
     * and ends with {@code ~} and a hash of the whole name, so the change is still made and two long
     * names that share a beginning stay apart in the log.
     */
    static String auditName(String name) {
        if (name.length() <= Actor.MAX_NAME_LENGTH) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(name), 0, 8);
        return name.substring(0, Actor.MAX_NAME_LENGTH - hash.length() - 1) + "~" + hash;
    }

    private static byte[] sha256(String name) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String normalize(String authority) {
        StringBuilder normalized = new StringBuilder(authority.length());
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '.') {
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString();
    }
}
