package dev.flags.autoconfigure.ofrep;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.ofrep.OfrepChanges.Event;
import dev.flags.autoconfigure.support.ReactiveSseStreams;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * The OFREP change stream on WebFlux: the events of {@link OfrepChanges}, as the Spring MVC stream
 * ({@link OfrepEventStream}) sends them, through {@link ReactiveSseStreams}. A stream whose client
 * reads slowly keeps a few events and drops the oldest (any one of them means "re-fetch"), so a slow
 * client never holds up the thread that reloaded the flags; comment lines every {@code heartbeat}
 * keep idle connections open through proxies, and each stream ends after {@code timeout}.
 *
 * <p>A {@link FlagChangeListener} bean, registered with the engine like every such bean, and a
 * {@link SmartLifecycle} in the default phase: stopping ends every stream before the web server's
 * graceful shutdown waits for open requests, and refuses new ones.
 */
final class ReactiveOfrepEventStream implements FlagChangeListener, SmartLifecycle {

    /** Events kept for one slow stream before its oldest are dropped. */
    private static final int BUFFER = 16;

    private final OfrepChanges changes = new OfrepChanges();
    private final ReactiveSseStreams<Event, String> streams;

    ReactiveOfrepEventStream(Duration heartbeat, Duration timeout, int maxConnections) {
        this.streams = new ReactiveSseStreams<>(
                OfrepChanges.limits(heartbeat, timeout, maxConnections),
                BUFFER,
                ReactiveOfrepEventStream::event,
                OfrepChanges.KEEP_ALIVE);
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        streams.emit(changes.changed());
    }

    /**
     * Opens a stream, or answers {@code null} when {@code max-connections} are open or the
     * application is shutting down.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or {@code null} on a first connection
     */
    @Nullable
    Flux<ServerSentEvent<String>> open(@Nullable String lastEventId) {
        ServerSentEvent<String> opening = ServerSentEvent.<String>builder()
                .retry(Duration.ofMillis(OfrepChanges.RETRY_MILLIS))
                .comment(OfrepChanges.OPENING)
                .build();
        Event missed = changes.missed(lastEventId);
        return streams.open(missed == null ? Flux.just(opening) : Flux.just(opening, event(missed)));
    }

    int openStreams() {
        return streams.openStreams();
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

    private static ServerSentEvent<String> event(Event event) {
        return ServerSentEvent.builder(event.data())
                .id(event.id())
                .event("message")
                .build();
    }
}
