package dev.flags.admin;

/** How {@link FlagAdmin#seed} treats definitions the store already has. */
public enum SeedMode {
    /** Import what the store lacks; leave what it has as it is (the default: runtime changes win). */
    IMPORT_MISSING,
    /** Files are authoritative: also overwrite what differs in the store, each overwrite audited. */
    FILES_AUTHORITATIVE
}
