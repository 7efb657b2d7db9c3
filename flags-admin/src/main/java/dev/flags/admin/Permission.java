package dev.flags.admin;

/**
 * What an {@link Actor} may do through the admin service. Permissions are independent: grant
 * every one a role needs (an administrator usually has all four). Evaluation is never checked.
 *
 * <p>The split of status changes: {@link #WRITE} covers the everyday moves between draft, active,
 * scheduled and paused; {@link #ADMIN} is needed to archive or unarchive a flag, to switch it to
 * emergency-off and to restore it from there, and to seed the store and run the cleanup.
 */
public enum Permission {
    /** List and get flags and segments, read the audit log and the stale-flag report. */
    READ,
    /** Create and change flags and segments, and make everyday status changes. */
    WRITE,
    /** Delete flags and segments. */
    DELETE,
    /** Archive, unarchive, emergency-off, restore, seed and clean up. */
    ADMIN
}
