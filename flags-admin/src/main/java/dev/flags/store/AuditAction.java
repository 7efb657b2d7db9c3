package dev.flags.store;

/** What a change did; recorded with every audit entry. */
public enum AuditAction {
    /** Created through the admin API. */
    CREATE,
    /** Changed through the admin API (definition, targets, rules, weights, schedules). */
    UPDATE,
    /** Changed the lifecycle status only (for example paused, archived, emergency-off, restored). */
    STATUS_CHANGE,
    /** Deleted through the admin API. */
    DELETE,
    /** Imported from definition files because the store did not have it. */
    SEED_IMPORT,
    /** Overwritten from definition files that were declared authoritative. */
    SEED_OVERWRITE,
    /** Deleted by the lifecycle cleanup because it was archived for too long. */
    CLEANUP_DELETE
}
