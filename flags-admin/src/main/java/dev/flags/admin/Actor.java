package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who calls the admin service: a name for the audit log, the permissions granted, and optionally
 * a scope. A scoped actor changes only flags whose owner is one of {@code owners} or that carry one
 * of {@code tags} (so a team edits its own flags only), and cannot change segments, which belong to
 * everyone. Scopes do not restrict reading.
 *
 * @param name the name recorded in the audit log
 * @param permissions what the actor may do
 * @param owners flag owners the actor may change; with {@code tags} empty too, the actor is not
 *     scoped
 * @param tags flag tags the actor may change
 */
public record Actor(String name, Set<Permission> permissions, Set<String> owners, Set<String> tags) {

    /** The caller nobody authenticated; the service refuses it with {@link NotAuthenticatedException}. */
    public static final Actor ANONYMOUS = new Actor("anonymous", Set.of(), Set.of(), Set.of());

    /**
     * The longest name the audit log records, as long as a key ({@link
     * dev.flags.definition.Definitions#MAX_KEY_LENGTH}): the JDBC store's actor column holds no more.
     */
    public static final int MAX_NAME_LENGTH = Definitions.MAX_KEY_LENGTH;

    /** Checks and copies the components. */
    public Actor {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name is " + name.length() + " characters long (at most "
                    + MAX_NAME_LENGTH + "); shorten it before building the actor");
        }
        permissions = Set.copyOf(permissions);
        owners = Set.copyOf(owners);
        tags = Set.copyOf(tags);
    }

    /**
     * An actor with permissions on every flag.
     *
     * @param name the name recorded in the audit log
     * @param permissions the permissions
     * @return the actor
     */
    public static Actor of(String name, Permission... permissions) {
        return new Actor(name, Set.copyOf(Arrays.asList(permissions)), Set.of(), Set.of());
    }

    /**
     * The application itself, for seeding and scheduled cleanup: every permission, no scope.
     *
     * @param name the name recorded in the audit log, for example {@code system:cleanup}
     * @return the actor
     */
    public static Actor system(String name) {
        return new Actor(name, EnumSet.allOf(Permission.class), Set.of(), Set.of());
    }

    /** This actor restricted to flags with one of the given owners (in addition to any tags). */
    public Actor withOwners(String... newOwners) {
        return new Actor(name, permissions, Set.copyOf(Arrays.asList(newOwners)), tags);
    }

    /** This actor restricted to flags with one of the given tags (in addition to any owners). */
    public Actor withTags(String... newTags) {
        return new Actor(name, permissions, owners, Set.copyOf(Arrays.asList(newTags)));
    }

    /** Whether the actor has the permission. */
    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether the actor is restricted to some owners or tags. */
    public boolean isScoped() {
        return !owners.isEmpty() || !tags.isEmpty();
    }

    /** Whether the flag is within the actor's scope. */
    public boolean covers(FlagDefinition flag) {
        if (!isScoped()) {
            return true;
        }
        if (owners.contains(flag.owner())) {
            return true;
        }
        for (String tag : flag.tags()) {
            if (tags.contains(tag)) {
                return true;
            }
        }
        return false;
    }
}
