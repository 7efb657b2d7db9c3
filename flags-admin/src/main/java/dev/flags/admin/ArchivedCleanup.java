package dev.flags.admin;

import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.StoredFlag;
import dev.flags.store.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes flags archived longer than the retention, each through the one write path and audited. */
final class ArchivedCleanup {

    private static final Logger log = LoggerFactory.getLogger(FlagAdmin.class);

    private final EntityWrites writes;
    private final Clock clock;
    private final Duration retention;

    ArchivedCleanup(EntityWrites writes, Clock clock, Duration retention) {
        this.writes = writes;
        this.clock = clock;
        this.retention = retention;
    }

    List<AuditEntry> cleanUp(Actor actor) {
        Instant cutoff = clock.instant().minus(retention);
        List<AuditEntry> deleted = new ArrayList<>();
        for (StoredFlag flag : writes.store().contents().flags()) {
            Instant archived = flag.archived();
            if (archived == null || archived.isAfter(cutoff) || !actor.covers(flag.definition())) {
                continue;
            }
            try {
                deleted.add(writes.delete(
                        AdminKind.FLAG,
                        flag,
                        new ChangeNote(
                                AuditAction.CLEANUP_DELETE,
                                actor.name(),
                                "archived since " + archived + ", longer than " + retention)));
            } catch (ValidationException e) {
                log.warn(
                        "Archived flag '{}' was not cleaned up: other flags still require it.\n{}",
                        flag.key(),
                        e.getMessage());
            } catch (VersionConflictException e) {
                log.info("Archived flag '{}' changed during cleanup; left for the next run", flag.key());
            }
        }
        return deleted;
    }
}
