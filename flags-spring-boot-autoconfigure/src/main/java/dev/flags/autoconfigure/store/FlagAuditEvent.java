package dev.flags.autoconfigure.store;

import dev.flags.store.AuditEntry;
import java.io.Serial;
import org.springframework.context.ApplicationEvent;

/**
 * Published for every audit entry the admin service writes: who changed which flag or segment,
 * how, when and why. Kept apart from evaluation telemetry.
 */
public final class FlagAuditEvent extends ApplicationEvent {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient AuditEntry entry;

    /**
     * Creates an event.
     *
     * @param source the publisher
     * @param entry the audit entry
     */
    public FlagAuditEvent(Object source, AuditEntry entry) {
        super(source);
        this.entry = entry;
    }

    /** The audit entry. */
    public AuditEntry getEntry() {
        return entry;
    }
}
