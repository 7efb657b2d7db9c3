package dev.flags.autoconfigure.admin;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.store.FlagAuditEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of the admin API ({@code GET .../events}): {@code flags-changed} with the keys
 * whenever the engine's definitions change, whoever changed them (this instance's admin API, another
 * instance through the store's change log, a reloaded file), and {@code audit} with the entry when
 * this instance wrote the change. Fed by a {@link FlagChangeListener} and the audit events, so it
 * needs no reference to the engine (which takes the listeners when it is built).
 *
 * <p>Sends run on one thread of their own: a slow client never holds up the write that changed a
 * flag. A comment every {@link #HEARTBEAT} keeps proxies from closing an idle stream and finds
 * clients that left. Streams end after {@link #TIMEOUT} (browsers reconnect by themselves) and when
 * the application context closes, so that a graceful shutdown does not wait for them.
 */
final class FlagsAdminEvents implements FlagChangeListener {

    private static final Log logger = LogFactory.getLog(FlagsAdminEvents.class);

    static final Duration TIMEOUT = Duration.ofMinutes(30);

    static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flags-admin-events");
        thread.setDaemon(true);
        return thread;
    });

    FlagsAdminEvents() {
        sender.scheduleWithFixedDelay(
                this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new stream, told about every change from now on. */
    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        emitters.add(emitter);
        // A first event, so the client knows the stream is open before any change happens.
        AdminEvent ready = AdminEvent.ready(HEARTBEAT.toMillis());
        sender.execute(() -> send(emitter, ready.name(), ready.data()));
        return emitter;
    }

    /** The number of open streams. */
    int subscribers() {
        return emitters.size();
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        AdminEvent changed = AdminEvent.flagsChanged(changedKeys);
        broadcast(changed.name(), changed.data());
    }

    @EventListener
    void audited(FlagAuditEvent event) {
        AdminEvent audit = AdminEvent.audit(event.getEntry());
        broadcast(audit.name(), audit.data());
    }

    @EventListener
    void closing(ContextClosedEvent event) {
        sender.shutdownNow();
        for (SseEmitter emitter : emitters) {
            emitter.complete();
        }
        emitters.clear();
    }

    private void broadcast(String name, Map<String, ?> data) {
        if (emitters.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> {
                for (SseEmitter emitter : emitters) {
                    send(emitter, name, data);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The context is closing; its streams are being completed.
        }
    }

    private void heartbeat() {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException gone) {
                drop(emitter, gone);
            }
        }
    }

    private void send(SseEmitter emitter, String name, Map<String, ?> data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            drop(emitter, gone);
        }
    }

    private void drop(SseEmitter emitter, Exception reason) {
        // A client that left: the normal end of a stream, not worth more than a debug line.
        if (emitters.remove(emitter) && logger.isDebugEnabled()) {
            logger.debug("Admin event stream closed: " + reason);
        }
        emitter.completeWithError(reason);
    }
}
