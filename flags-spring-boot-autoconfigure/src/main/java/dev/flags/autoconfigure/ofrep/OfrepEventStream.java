package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.ofrep.OfrepChanges.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The OFREP change stream on Spring MVC: every change of the flag definitions becomes one
 * {@code refetchEvaluation} event ({@link OfrepChanges}) to every open stream. Events are written
 * on the stream's own thread, so a slow client never holds up the thread that reloaded the flags;
 * comment lines every {@code heartbeat} keep idle connections open through proxies.
 *
 * <p>A {@link FlagChangeListener} bean: the auto-configured engine registers every such bean, as it
 * does for the application's own listeners.
 *
 * <p>A {@link SmartLifecycle} in the default phase, so it stops before the web server's graceful
 * shutdown (phase {@code DEFAULT_PHASE - 1024}) begins: that shutdown waits for every active request,
 * and an open stream is one until its timeout. Stopping ends every stream (clients reconnect to
 * another instance, or to this one once it is back) and refuses new ones.
 */
final class OfrepEventStream implements FlagChangeListener, SmartLifecycle, DisposableBean {

    private static final Log logger = LogFactory.getLog(OfrepEventStream.class);

    private final Duration heartbeat;
    private final Duration timeout;
    private final int maxConnections;
    private final OfrepChanges changes = new OfrepChanges();
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ScheduledFuture<?> heartbeats;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flags-ofrep-events");
        thread.setDaemon(true);
        return thread;
    });

    OfrepEventStream(Duration heartbeat, Duration timeout, int maxConnections) {
        OfrepChanges.check(heartbeat, timeout, maxConnections);
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.maxConnections = maxConnections;
    }

    @Override
    public synchronized void start() {
        if (heartbeats == null) {
            long millis = heartbeat.toMillis();
            heartbeats = executor.scheduleWithFixedDelay(this::heartbeat, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledFuture<?> scheduled = heartbeats;
        if (scheduled != null) {
            scheduled.cancel(false);
            heartbeats = null;
        }
        for (SseEmitter emitter : emitters) {
            emitters.remove(emitter);
            try {
                emitter.complete();
            } catch (IllegalStateException e) {
                // The container has already let go of this response: nothing left to end.
                logger.debug("OFREP change stream already closed: " + e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }

    @Override
    public void destroy() {
        stop();
        executor.shutdownNow();
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        Event event = changes.changed();
        executor.execute(() -> {
            for (SseEmitter emitter : emitters) {
                send(emitter, event);
            }
        });
    }

    /**
     * Opens a stream, or answers {@code null} when {@code max-connections} are open or the
     * application is shutting down.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or {@code null} on a first connection
     */
    @Nullable
    synchronized SseEmitter open(@Nullable String lastEventId) {
        if (!isRunning() || emitters.size() >= maxConnections) {
            return null;
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        Event missed = changes.missed(lastEventId);
        executor.execute(() -> {
            // The first write commits the response, so clients see the stream open at once.
            try {
                emitter.send(SseEmitter.event()
                        .reconnectTime(OfrepChanges.RETRY_MILLIS)
                        .comment(OfrepChanges.OPENING));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
                return;
            }
            if (missed != null) {
                send(emitter, missed);
            }
        });
        return emitter;
    }

    int openStreams() {
        return emitters.size();
    }

    private void heartbeat() {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().comment(OfrepChanges.KEEP_ALIVE));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    private void send(SseEmitter emitter, Event event) {
        try {
            emitter.send(SseEmitter.event()
                    .id(event.id())
                    .name("message")
                    .data(event.data(), org.springframework.http.MediaType.TEXT_PLAIN));
        } catch (IOException | IllegalStateException e) {
            // A client that went away; the container completes the emitter.
            emitters.remove(emitter);
            logger.debug("OFREP change stream closed while sending: " + e);
        }
    }
}
