package dev.flags.autoconfigure.admin;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.store.FlagAuditEvent;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The admin API's change stream on WebFlux ({@code GET .../events}): the same events as
 * {@link FlagsAdminEvents} sends on Spring MVC ({@link AdminEvent}: {@code ready},
 * {@code flags-changed}, {@code audit}), with a comment line every {@code flags.admin.events.heartbeat},
 * each stream ended after {@code flags.admin.events.max-lifetime} (clients reconnect by themselves),
 * and at most {@code flags.admin.events.max-streams} open at once.
 *
 * <p>Events go to every open stream through one multicast sink; a stream whose client reads slowly
 * buffers a bounded number of events and then drops its oldest, so a slow client never holds up the
 * write that changed a flag. A {@link SmartLifecycle} in the default phase: it ends every stream
 * before the web server's graceful shutdown waits for open requests, and refuses new ones.
 */
final class ReactiveFlagsAdminEvents implements FlagChangeListener, SmartLifecycle {

    /** Events kept for one slow stream before its oldest are dropped. */
    static final int BUFFER = 256;

    private final Duration heartbeat;
    private final Duration maxLifetime;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();
    private final Sinks.Many<AdminEvent> events = Sinks.many().multicast().directBestEffort();
    private volatile Sinks.Empty<Void> closing = Sinks.empty();
    private volatile boolean running;

    ReactiveFlagsAdminEvents(Duration heartbeat, Duration maxLifetime, int maxStreams) {
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

    /**
     * A new stream, told about every change from the moment it is subscribed to; {@code null} when
     * {@code max-streams} are open or the application is shutting down.
     */
    @Nullable
    Flux<ServerSentEvent<Object>> open() {
        if (!running || open.incrementAndGet() > maxStreams) {
            if (running) {
                open.decrementAndGet();
            }
            return null;
        }
        Flux<ServerSentEvent<Object>> changes = events.asFlux()
                .onBackpressureBuffer(BUFFER, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST)
                .map(ReactiveFlagsAdminEvents::event);
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(heartbeat, heartbeat)
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
        return Flux.just(event(AdminEvent.ready(heartbeat, maxLifetime)))
                .concatWith(Flux.merge(changes, heartbeats))
                .take(maxLifetime)
                .takeUntilOther(closing.asMono())
                .doFinally(signal -> open.decrementAndGet());
    }

    /** The number of open streams. */
    int subscribers() {
        return open.get();
    }

    int maxStreams() {
        return maxStreams;
    }

    /** Seconds a client refused for capacity should wait, as on Spring MVC. */
    long retryAfterSeconds() {
        return AdminEvent.REFUSED_RETRY_AFTER_SECONDS;
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        emit(AdminEvent.flagsChanged(changedKeys));
    }

    @EventListener
    void audited(FlagAuditEvent event) {
        emit(AdminEvent.audit(event.getEntry()));
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

    private void emit(AdminEvent event) {
        // Writers on several threads: retry briefly when another emission is in progress rather than lose it.
        try {
            events.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
        } catch (Sinks.EmissionException contended) {
            // Another writer held the sink past the wait: this event is lost to the streams, never the write.
        }
    }

    private static ServerSentEvent<Object> event(AdminEvent event) {
        return ServerSentEvent.builder((Object) event.data())
                .event(event.name())
                .build();
    }
}
