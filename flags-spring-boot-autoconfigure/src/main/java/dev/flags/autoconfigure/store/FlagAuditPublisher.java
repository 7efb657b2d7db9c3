package dev.flags.autoconfigure.store;

import dev.flags.admin.AuditListener;
import dev.flags.store.AuditEntry;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes each audit entry as a {@link FlagAuditEvent}. */
final class FlagAuditPublisher implements AuditListener {

    private final ApplicationEventPublisher publisher;

    FlagAuditPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void changed(AuditEntry entry) {
        publisher.publishEvent(new FlagAuditEvent(this, entry));
    }
}
