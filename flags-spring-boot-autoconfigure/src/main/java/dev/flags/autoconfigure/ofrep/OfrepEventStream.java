package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.ofrep.OfrepChanges.Event;
import dev.flags.autoconfigure.support.SseStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The OFREP change stream on Spring MVC: every change of the flag definitions becomes one
 * {@code refetchEvaluation} event ({@link OfrepChanges}) to every open stream, through
 * {@link SseStreams}: events are written on a thread of their own, so a slow client never holds up
 * the thread that reloaded the flags; comment lines every {@code heartbeat} keep idle connections
 * open through proxies; each stream ends after {@code timeout}, and at most {@code max-connections}
 * are open.
 *
 * <p>A {@link FlagChangeListener} bean: the auto-configured engine registers every such bean, as it
 * does for the application's own listeners.
 *
 * <p>A {@link SmartLifecycle} in the default phase, so it stops before the web server's graceful
 * shutdown (phase {@code DEFAULT_PHASE - 1024}) begins: that shutdown waits for every active request,
 * and an open stream is one until it ends. Stopping ends every stream (clients reconnect to another
 * instance, or to this one once it is back) and refuses new ones.
 */
final class OfrepEventStream implements FlagChangeListener, SmartLifecycle, DisposableBean {

    private final OfrepChanges changes = new OfrepChanges();
    private final SseStreams streams;

    OfrepEventStream(Duration heartbeat, Duration timeout, int maxConnections) {
        this.streams = new SseStreams(
                "flags-ofrep-events",
                "OFREP change stream",
                OfrepChanges.limits(heartbeat, timeout, maxConnections),
                OfrepChanges.KEEP_ALIVE);
    }

    @Override
    public void start() {
        streams.start();
    }

    @Override
    public void stop() {
        streams.stop();
    }

    @Override
    public boolean isRunning() {
        return streams.isRunning();
    }

    @Override
    public void destroy() {
        streams.destroy();
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        Event event = changes.changed();
        streams.broadcast(() -> event(event));
    }

    /**
     * Opens a stream, or answers {@code null} when {@code max-connections} are open or the
     * application is shutting down.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or {@code null} on a first connection
     */
    @Nullable
    SseEmitter open(@Nullable String lastEventId) {
        List<SseEmitter.SseEventBuilder> greeting = new ArrayList<>(2);
        greeting.add(SseEmitter.event().reconnectTime(OfrepChanges.RETRY_MILLIS).comment(OfrepChanges.OPENING));
        Event missed = changes.missed(lastEventId);
        if (missed != null) {
            greeting.add(event(missed));
        }
        return streams.open(greeting);
    }

    int openStreams() {
        return streams.openStreams();
    }

    private static SseEmitter.SseEventBuilder event(Event event) {
        return SseEmitter.event().id(event.id()).name("message").data(event.data(), MediaType.TEXT_PLAIN);
    }
}
