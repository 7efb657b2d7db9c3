package dev.flags.autoconfigure.admin;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.store.FlagAuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
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
 * flag. A comment line every {@code flags.admin.events.heartbeat} keeps proxies from closing an idle
 * stream and finds clients that left. The server completes each stream after
 * {@code flags.admin.events.max-lifetime} (browsers reconnect by themselves, after the {@code retry}
 * the first event names), and at most {@code flags.admin.events.max-streams} are open at once.
 *
 * <p>Shutdown works as for the OFREP change stream ({@code OfrepEventStream}): a {@link SmartLifecycle}
 * in the default phase stops before the web server's graceful shutdown (phase {@code DEFAULT_PHASE -
 * 1024}), which waits for every active request, and an open stream is one until it ends. Stopping
 * completes every stream and refuses new ones.
 */
final class FlagsAdminEvents implements FlagChangeListener, SmartLifecycle, DisposableBean {

    private static final Log logger = LogFactory.getLog(FlagsAdminEvents.class);

    /** Reconnection delay suggested to browsers (the SSE {@code retry} field), in milliseconds. */
    static final long RETRY_MILLIS = 2000;

    private final Duration heartbeat;

    private final Duration maxLifetime;

    private final int maxStreams;

    /** Each open stream, with the task that ends it at its maximum lifetime. */
    private final Map<SseEmitter, ScheduledFuture<?>> emitters = new ConcurrentHashMap<>();

    private volatile @Nullable ScheduledFuture<?> heartbeats;

    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flags-admin-events");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Creates the streams.
     *
     * @param heartbeat interval of the comment lines, positive
     * @param maxLifetime how long a stream stays open, positive
     * @param maxStreams most streams open at once, at least 1
     */
    FlagsAdminEvents(Duration heartbeat, Duration maxLifetime, int maxStreams) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalStateException("flags.admin.events.heartbeat must be positive, not " + heartbeat);
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalStateException("flags.admin.events.max-lifetime must be positive, not " + maxLifetime);
        }
        if (maxStreams < 1) {
            throw new IllegalStateException("flags.admin.events.max-streams must be at least 1, not " + maxStreams);
        }
        this.heartbeat = heartbeat;
        this.maxLifetime = maxLifetime;
        this.maxStreams = maxStreams;
    }

    @Override
    public synchronized void start() {
        if (heartbeats == null) {
            long millis = heartbeat.toMillis();
            heartbeats = sender.scheduleWithFixedDelay(this::heartbeat, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledFuture<?> scheduled = heartbeats;
        if (scheduled != null) {
            scheduled.cancel(false);
            heartbeats = null;
        }
        for (SseEmitter emitter : emitters.keySet()) {
            end(emitter);
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }

    @Override
    public void destroy() {
        stop();
        sender.shutdownNow();
    }

    /** Most streams open at once. */
    int maxStreams() {
        return maxStreams;
    }

    /**
     * A new stream, told about every change from now on; {@code null} when {@code max-streams} are
     * open or the application is shutting down.
     */
    synchronized @Nullable SseEmitter subscribe() {
        if (!isRunning() || emitters.size() >= maxStreams) {
            return null;
        }
        // The container's timeout only backs up the server's own end at the maximum lifetime.
        SseEmitter emitter = new SseEmitter(maxLifetime.plus(heartbeat).toMillis());
        ScheduledFuture<?> expiry;
        try {
            expiry = sender.schedule(() -> end(emitter), maxLifetime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
        // A first event, so the client knows the stream is open (the first write commits the response)
        // and how soon to reconnect when the server ends it. Written before the stream is registered,
        // so nothing precedes it; until the handler returns, the emitter only buffers it.
        AdminEvent ready = AdminEvent.ready(heartbeat, maxLifetime);
        try {
            emitter.send(SseEmitter.event()
                    .reconnectTime(RETRY_MILLIS)
                    .name(ready.name())
                    .data(ready.data(), MediaType.APPLICATION_JSON));
        } catch (IOException notYetWritten) {
            expiry.cancel(false);
            throw new UncheckedIOException(notYetWritten);
        }
        emitters.put(emitter, expiry);
        emitter.onCompletion(() -> forget(emitter));
        emitter.onTimeout(() -> end(emitter));
        emitter.onError(error -> forget(emitter));
        return emitter;
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

    private void broadcast(String name, Map<String, ?> data) {
        if (emitters.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> {
                for (SseEmitter emitter : emitters.keySet()) {
                    send(emitter, SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
                }
            });
        } catch (RejectedExecutionException closed) {
            // The context is closing; its streams are being completed.
        }
    }

    private void heartbeat() {
        for (SseEmitter emitter : emitters.keySet()) {
            send(emitter, SseEmitter.event().comment("heartbeat"));
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            // A client that left: the normal end of a stream, not worth more than a debug line.
            if (forget(emitter) && logger.isDebugEnabled()) {
                logger.debug("Admin event stream closed: " + gone);
            }
            emitter.completeWithError(gone);
        }
    }

    /** Ends a stream from the server's side: its lifetime is over, or the application stops. */
    private void end(SseEmitter emitter) {
        forget(emitter);
        try {
            emitter.complete();
        } catch (IllegalStateException alreadyGone) {
            // The container has already let go of this response: nothing left to end.
            logger.debug("Admin event stream already closed: " + alreadyGone);
        }
    }

    private boolean forget(SseEmitter emitter) {
        ScheduledFuture<?> expiry = emitters.remove(emitter);
        if (expiry == null) {
            return false;
        }
        expiry.cancel(false);
        return true;
    }
}
