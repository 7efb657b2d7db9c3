package dev.flags.autoconfigure.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Open server-sent event streams on WebFlux, the one mechanism behind the admin API's change stream
 * and OFREP's, as {@link SseStreams} is on Spring MVC: each stream starts with its greeting, gets
 * every emitted event, a comment line every {@link StreamLimits#heartbeat() heartbeat}, ends after
 * its {@link StreamLimits#lifetime() lifetime}, and at most {@link StreamLimits#maxStreams()
 * maxStreams} are open at once.
 *
 * <p>Events go to every open stream through one multicast sink; a stream whose client reads slowly
 * buffers a bounded number of events and then drops its oldest, so a slow client never holds up the
 * thread that changed a flag. The owner calls {@link #start} and {@link #stop} from its lifecycle:
 * stopping ends every stream and refuses new ones.
 *
 * @param <E> the events emitted
 * @param <D> the data of the server-sent events
 */
public final class ReactiveSseStreams<E, D> {

    private final StreamLimits limits;
    private final int buffer;
    private final Function<E, ServerSentEvent<D>> toEvent;
    private final String heartbeatComment;
    private final AtomicInteger open = new AtomicInteger();
    private final Sinks.Many<E> events = Sinks.many().multicast().directBestEffort();
    private volatile Sinks.Empty<Void> closing = Sinks.empty();
    private volatile boolean running;

    /**
     * Creates the streams, none open yet.
     *
     * @param limits the heartbeat, lifetime and most streams
     * @param buffer events kept for one slow stream before its oldest are dropped
     * @param toEvent the server-sent event of an emitted event
     * @param heartbeatComment the text of the heartbeat comment lines
     */
    public ReactiveSseStreams(
            StreamLimits limits, int buffer, Function<E, ServerSentEvent<D>> toEvent, String heartbeatComment) {
        this.limits = limits;
        this.buffer = buffer;
        this.toEvent = toEvent;
        this.heartbeatComment = heartbeatComment;
    }

    /**
     * Opens a stream, told about every event emitted from the moment it is subscribed to.
     *
     * @param greeting the events the stream starts with
     * @return the stream, or {@code null} when {@code maxStreams} are open or the streams are stopped
     */
    public @Nullable Flux<ServerSentEvent<D>> open(Flux<ServerSentEvent<D>> greeting) {
        if (!running || open.incrementAndGet() > limits.maxStreams()) {
            if (running) {
                open.decrementAndGet();
            }
            return null;
        }
        Flux<ServerSentEvent<D>> changes = events.asFlux()
                .onBackpressureBuffer(buffer, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST)
                .map(toEvent);
        Flux<ServerSentEvent<D>> heartbeats = Flux.interval(limits.heartbeat(), limits.heartbeat())
                .map(tick ->
                        ServerSentEvent.<D>builder().comment(heartbeatComment).build());
        return greeting.concatWith(Flux.merge(changes, heartbeats))
                .take(limits.lifetime())
                .takeUntilOther(closing.asMono())
                .doFinally(signal -> open.decrementAndGet());
    }

    /**
     * Sends an event to every open stream.
     *
     * @param event the event
     */
    public void emit(E event) {
        // Writers on several threads: retry briefly when another emission is in progress rather than lose it.
        try {
            events.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
        } catch (Sinks.EmissionException contended) {
            // Another writer held the sink past the wait: this event is lost to the streams, never the change.
        }
    }

    /** The limits the streams keep. */
    public StreamLimits limits() {
        return limits;
    }

    /** The number of open streams. */
    public int openStreams() {
        return open.get();
    }

    /** Streams may open from now on. */
    public void start() {
        if (!running) {
            closing = Sinks.empty();
        }
        running = true;
    }

    /** Ends every open stream and refuses new ones until started again. */
    public void stop() {
        running = false;
        closing.tryEmitEmpty();
    }

    /** Whether streams may open. */
    public boolean isRunning() {
        return running;
    }
}
