package dev.flags.admin;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.VersionConflictException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin service's one write path, for flags and segments alike: validate the result together
 * with everything else in the store, write it compare-and-set, and tell the audit listeners.
 * Writes are serialized within this instance by one lock, and across the instances sharing a store
 * by {@link FlagStore#exclusive}, so that validating against the other flags and writing happen
 * against the same state; the store's compare-and-set keeps any single entity from losing an
 * update.
 */
final class EntityWrites {

    private static final Logger log = LoggerFactory.getLogger(FlagAdmin.class);

    private final FlagStore store;
    private final List<AuditListener> listeners;
    private final ReentrantLock lock = new ReentrantLock();

    EntityWrites(FlagStore store, List<AuditListener> listeners) {
        this.store = store;
        this.listeners = List.copyOf(listeners);
    }

    FlagStore store() {
        return store;
    }

    /** The entity with the key, or {@link NotFoundException}. */
    <D, S> S existing(AdminKind<D, S> kind, String key) {
        S current = kind.store.find(store, key);
        if (current == null) {
            throw new NotFoundException(kind.kind(), key);
        }
        return current;
    }

    /** The entity with the key if it is at the version a caller read ({@link FlagAdmin#ANY_VERSION}: any). */
    <D, S> S current(AdminKind<D, S> kind, String key, long expectedVersion) {
        S current = existing(kind, key);
        long version = kind.stored.version(current);
        if (expectedVersion != FlagAdmin.ANY_VERSION && expectedVersion != version) {
            throw new VersionConflictException(kind.kind(), key, expectedVersion, version);
        }
        return current;
    }

    /** Creates an entity at version 1, or {@link AlreadyExistsException}. */
    <D, S> S create(AdminKind<D, S> kind, D definition, ChangeNote note) {
        String key = kind.key(definition);
        if (kind.store.find(store, key) != null) {
            throw new AlreadyExistsException(kind.kind(), key);
        }
        try {
            return commit(kind, definition, FlagStore.NEW, note);
        } catch (VersionConflictException e) { // created by another instance since the check above
            throw new AlreadyExistsException(kind.kind(), key);
        }
    }

    /** Validates the store's definitions with this one in place and writes it over {@code version}. */
    <D, S> S commit(AdminKind<D, S> kind, D definition, long version, ChangeNote note) {
        return exclusive(() -> {
            validate(kind.with(store.contents().definitions(), definition));
            return write(kind, definition, version, note).stored();
        });
    }

    /** Validates the store's definitions without this entity and deletes it at its current version. */
    <D, S> AuditEntry delete(AdminKind<D, S> kind, S current, ChangeNote note) {
        String key = kind.key(kind.stored.definition(current));
        return exclusive(() -> {
            validate(kind.without(store.contents().definitions(), key));
            AuditEntry entry = kind.store.delete(store, key, kind.stored.version(current), note);
            publish(entry);
            return entry;
        });
    }

    /** Writes without validating, for a caller that validated the whole result under {@link #exclusive}. */
    <D, S> AdminKind.Written<S> write(AdminKind<D, S> kind, D definition, long version, ChangeNote note) {
        AdminKind.Written<S> written = kind.store.put(store, definition, version, note);
        publish(written.entry());
        return written;
    }

    /**
     * Runs work that validates and writes under the write lock: this instance's, then the store's,
     * which a shared store holds across instances.
     */
    <T> T exclusive(Supplier<T> work) {
        lock.lock();
        try {
            return store.exclusive(work);
        } finally {
            lock.unlock();
        }
    }

    static void validate(Definitions candidate) {
        List<DefinitionError> errors = candidate.validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private void publish(AuditEntry entry) {
        for (AuditListener listener : listeners) {
            try {
                listener.changed(entry);
            } catch (RuntimeException e) { // the change is durable; a listener's failure must not fail it
                log.error("Audit listener {} failed for entry {}", listener, entry.sequence(), e);
            }
        }
    }
}
