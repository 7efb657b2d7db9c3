package dev.flags.autoconfigure.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Open server-sent event streams on Spring MVC, the one mechanism behind the admin API's change
 * stream and OFREP's: each stream is opened with its greeting, told every broadcast event, sent a
 * comment line every {@link StreamLimits#heartbeat() heartbeat} (which keeps proxies from closing
 * an idle stream and finds clients that left), ended by the server after its
 * {@link StreamLimits#lifetime() lifetime} (clients reconnect by themselves), and at most
 * {@link StreamLimits#maxStreams() maxStreams} are open at once.
 *
 * <p>Sends run on one thread of their own: a slow client never holds up the thread that changed a
 * flag. The owner calls {@link #start}, {@link #stop} and {@link #destroy} from its lifecycle: a
 * {@code SmartLifecycle} in the default phase stops before the web server's graceful shutdown,
 * which waits for every active request (and an open stream is one until it ends); stopping ends
 * every stream and refuses new ones.
 */
public final class SseStreams {

    private static final Log logger = LogFactory.getLog(SseStreams.class);

    private final String description;
    private final StreamLimits limits;
    private final String heartbeatComment;

    /** Each open stream, with the task that ends it at its lifetime. */
    private final Map<SseEmitter, ScheduledFuture<?>> emitters = new ConcurrentHashMap<>();

    private volatile @Nullable ScheduledFuture<?> heartbeats;

    // Opening, starting and stopping take turns. A lock rather than a monitor: opening runs on the
    // request path, where a virtual thread must never be pinned.
    private final ReentrantLock lock = new ReentrantLock();

    private final ScheduledExecutorService sender;

    /**
     * Creates the streams, none open yet.
     *
     * @param threadName the name of the thread that sends
     * @param description what the streams are, for log lines
     * @param limits the heartbeat, lifetime and most streams
     * @param heartbeatComment the text of the heartbeat comment lines
     */
    public SseStreams(String threadName, String description, StreamLimits limits, String heartbeatComment) {
        this.description = description;
        this.limits = limits;
        this.heartbeatComment = heartbeatComment;
        this.sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the heartbeats; streams may open from now on. */
    public void start() {
        lock.lock();
        try {
            if (heartbeats == null) {
                long millis = limits.heartbeat().toMillis();
                heartbeats = sender.scheduleWithFixedDelay(this::heartbeat, millis, millis, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends every open stream and refuses new ones until started again. */
    public void stop() {
        lock.lock();
        try {
            ScheduledFuture<?> scheduled = heartbeats;
            if (scheduled != null) {
                scheduled.cancel(false);
                heartbeats = null;
            }
            for (SseEmitter emitter : emitters.keySet()) {
                end(emitter);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether streams may open. */
    public boolean isRunning() {
        return heartbeats != null;
    }

    /** Stops, and ends the sending thread. */
    public void destroy() {
        stop();
        sender.shutdownNow();
    }

    /** The limits the streams keep. */
    public StreamLimits limits() {
        return limits;
    }

    /** The number of open streams. */
    public int openStreams() {
        return emitters.size();
    }

    /**
     * Opens a stream, told about every broadcast from now on.
     *
     * @param greeting the events the stream starts with, written before any broadcast reaches it
     *     (the first write commits the response, so the client sees the stream open at once)
     * @return the stream, or {@code null} when {@code maxStreams} are open or the streams are stopped
     */
    public @Nullable SseEmitter open(List<SseEmitter.SseEventBuilder> greeting) {
        lock.lock();
        try {
            return openLocked(greeting);
        } finally {
            lock.unlock();
        }
    }

    private @Nullable SseEmitter openLocked(List<SseEmitter.SseEventBuilder> greeting) {
        if (!isRunning() || emitters.size() >= limits.maxStreams()) {
            return null;
        }
        // The container's timeout only backs up the server's own end at the lifetime.
        SseEmitter emitter =
                new SseEmitter(limits.lifetime().plus(limits.heartbeat()).toMillis());
        ScheduledFuture<?> expiry;
        try {
            expiry = sender.schedule(() -> end(emitter), limits.lifetime().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
        // Written before the stream is registered, so nothing precedes the greeting; until the
        // handler returns, the emitter only buffers it.
        try {
            for (SseEmitter.SseEventBuilder event : greeting) {
                emitter.send(event);
            }
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

    /**
     * Sends an event to every open stream, on the sending thread.
     *
     * @param event builds the event, once for each stream
     */
    public void broadcast(Supplier<SseEmitter.SseEventBuilder> event) {
        if (emitters.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> {
                for (SseEmitter emitter : emitters.keySet()) {
                    send(emitter, event.get());
                }
            });
        } catch (RejectedExecutionException closed) {
            // The context is closing; its streams are being ended.
        }
    }

    private void heartbeat() {
        for (SseEmitter emitter : emitters.keySet()) {
            send(emitter, SseEmitter.event().comment(heartbeatComment));
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            // A client that left: the normal end of a stream, not worth more than a debug line.
            if (forget(emitter) && logger.isDebugEnabled()) {
                logger.debug(description + " closed: " + gone);
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
            logger.debug(description + " already closed: " + alreadyGone);
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
