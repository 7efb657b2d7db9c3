package dev.flags.admin;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;

/** Flags and actors for the admin tests. */
final class AdminFixtures {

    static final Actor ADMIN = Actor.system("admin");
    static final Actor VIEWER = Actor.of("viewer", Permission.READ);
    static final Actor EDITOR = Actor.of("editor", Permission.READ, Permission.WRITE);
    static final Actor OPERATOR = Actor.of("operator", Permission.READ, Permission.ADMIN);

    private AdminFixtures() {}

    /** An active boolean flag serving {@code on}, owned by team-a. */
    static FlagDefinition flag(String key) {
        return FlagDefinition.builder(key).defaultVariant("on").owner("team-a").build();
    }

    static FlagDefinition flag(String key, FlagStatus status) {
        return flag(key).withStatus(status);
    }
}
