package dev.flags.admin;

import dev.flags.store.AuditEntry;

/**
 * Told about every audit entry the admin service writes, after the change is durable; the Spring
 * starter publishes them as application events. Called on the writing thread; a listener that
 * throws is logged and does not affect the write or other listeners.
 */
@FunctionalInterface
public interface AuditListener {

    /**
     * A change was made.
     *
     * @param entry its audit entry
     */
    void changed(AuditEntry entry);
}
