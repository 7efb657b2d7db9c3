package dev.flags.store;

/** What a change or audit entry is about. */
public enum EntityKind {
    /** A flag. */
    FLAG,
    /** A segment. */
    SEGMENT
}
