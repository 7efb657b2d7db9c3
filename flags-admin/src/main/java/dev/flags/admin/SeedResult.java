package dev.flags.admin;

import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.EntityKind;
import java.util.List;

/**
 * What {@link FlagAdmin#seed} did.
 *
 * @param changes the audit entries of every import and overwrite, in the order written
 * @param keptFlags flags the store had and kept as they were
 * @param keptSegments segments the store had and kept as they were
 */
public record SeedResult(List<AuditEntry> changes, List<String> keptFlags, List<String> keptSegments) {

    /** Copies the components. */
    public SeedResult {
        changes = List.copyOf(changes);
        keptFlags = List.copyOf(keptFlags);
        keptSegments = List.copyOf(keptSegments);
    }

    /** Keys of the flags imported. */
    public List<String> importedFlags() {
        return keys(EntityKind.FLAG, AuditAction.SEED_IMPORT);
    }

    /** Keys of the flags overwritten. */
    public List<String> overwrittenFlags() {
        return keys(EntityKind.FLAG, AuditAction.SEED_OVERWRITE);
    }

    /** Keys of the segments imported. */
    public List<String> importedSegments() {
        return keys(EntityKind.SEGMENT, AuditAction.SEED_IMPORT);
    }

    /** Keys of the segments overwritten. */
    public List<String> overwrittenSegments() {
        return keys(EntityKind.SEGMENT, AuditAction.SEED_OVERWRITE);
    }

    private List<String> keys(EntityKind kind, AuditAction action) {
        return changes.stream()
                .filter(e -> e.kind() == kind && e.action() == action)
                .map(AuditEntry::key)
                .toList();
    }
}
