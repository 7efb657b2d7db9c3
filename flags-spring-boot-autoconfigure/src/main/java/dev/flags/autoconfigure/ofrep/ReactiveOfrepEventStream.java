package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.ofrep.OfrepChanges.Event;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The OFREP change stream on WebFlux: the events of {@link OfrepChanges}, as the Spring MVC stream
 * ({@link OfrepEventStream}) sends them, through one multicast sink to every open stream. A stream
 * whose client reads slowly keeps a few events and drops the oldest (any one of them means
 * "re-fetch"), so a slow client never holds up the thread that reloaded the flags; comment lines
 * every {@code heartbeat} keep idle connections open through proxies, and each stream ends after
 * {@code timeout}.
 *
 * <p>A {@link FlagChangeListener} bean, registered with the engine like every such bean, and a
 * {@link SmartLifecycle} in the default phase: stopping ends every stream before the web server's
 * graceful shutdown waits for open requests, and refuses new ones.
 */
final class ReactiveOfrepEventStream implements FlagChangeListener, SmartLifecycle {

    private final Duration heartbeat;
    private final Duration timeout;
    private final int maxConnections;
    private final OfrepChanges changes = new OfrepChanges();
    private final AtomicInteger open = new AtomicInteger();
    private final Sinks.Many<Event> events = Sinks.many().multicast().directBestEffort();
    private volatile Sinks.Empty<Void> closing = Sinks.empty();
    private volatile boolean running;

    ReactiveOfrepEventStream(Duration heartbeat, Duration timeout, int maxConnections) {
        OfrepChanges.check(heartbeat, timeout, maxConnections);
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.maxConnections = maxConnections;
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        Event event = changes.changed();
        try {
            events.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
        } catch (Sinks.EmissionException contended) {
            // Another reload held the sink past the wait; its own event tells the clients to re-fetch.
        }
    }

    /**
     * Opens a stream, or answers {@code null} when {@code max-connections} are open or the
     * application is shutting down.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or {@code null} on a first connection
     */
    @Nullable
    Flux<ServerSentEvent<String>> open(@Nullable String lastEventId) {
        if (!running || open.incrementAndGet() > maxConnections) {
            if (running) {
                open.decrementAndGet();
            }
            return null;
        }
        ServerSentEvent<String> opening = ServerSentEvent.<String>builder()
                .retry(Duration.ofMillis(OfrepChanges.RETRY_MILLIS))
                .comment(OfrepChanges.OPENING)
                .build();
        Event missed = changes.missed(lastEventId);
        Flux<ServerSentEvent<String>> first = missed == null ? Flux.just(opening) : Flux.just(opening, event(missed));
        Flux<ServerSentEvent<String>> later = events.asFlux()
                .onBackpressureBuffer(16, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST)
                .map(ReactiveOfrepEventStream::event);
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(heartbeat, heartbeat)
                .map(tick -> ServerSentEvent.<String>builder()
                        .comment(OfrepChanges.KEEP_ALIVE)
                        .build());
        return first.concatWith(Flux.merge(later, heartbeats))
                .take(timeout)
                .takeUntilOther(closing.asMono())
                .doFinally(signal -> open.decrementAndGet());
    }

    int openStreams() {
        return open.get();
    }

    @Override
    public void start() {
        if (!running) {
            closing = Sinks.empty();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        closing.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static ServerSentEvent<String> event(Event event) {
        return ServerSentEvent.builder(event.data())
                .id(event.id())
                .event("message")
                .build();
    }
}
