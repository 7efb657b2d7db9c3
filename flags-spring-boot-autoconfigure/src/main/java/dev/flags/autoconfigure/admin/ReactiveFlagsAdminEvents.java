package dev.flags.autoconfigure.admin;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.store.FlagAuditEvent;
import dev.flags.autoconfigure.support.ReactiveSseStreams;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * The admin API's change stream on WebFlux ({@code GET .../events}): the same events as
 * {@link FlagsAdminEvents} sends on Spring MVC ({@link AdminEvent}: {@code ready},
 * {@code flags-changed}, {@code audit}), through {@link ReactiveSseStreams} with the same limits: a
 * comment line every {@code flags.admin.events.heartbeat}, each stream ended after
 * {@code flags.admin.events.max-lifetime} (clients reconnect by themselves), at most
 * {@code flags.admin.events.max-streams} open at once, and a slow stream drops its oldest events
 * beyond {@value #BUFFER}. A {@link SmartLifecycle} in the default phase: it ends every stream before
 * the web server's graceful shutdown waits for open requests, and refuses new ones.
 */
final class ReactiveFlagsAdminEvents implements FlagChangeListener, SmartLifecycle {

    /** Events kept for one slow stream before its oldest are dropped. */
    static final int BUFFER = 256;

    private final ReactiveSseStreams<AdminEvent, Object> streams;

    ReactiveFlagsAdminEvents(Duration heartbeat, Duration maxLifetime, int maxStreams) {
        this.streams = new ReactiveSseStreams<>(
                FlagsAdminEvents.limits(heartbeat, maxLifetime, maxStreams),
                BUFFER,
                ReactiveFlagsAdminEvents::event,
                "heartbeat");
    }

    /**
     * A new stream, told about every change from the moment it is subscribed to; {@code null} when
     * {@code max-streams} are open or the application is shutting down.
     */
    @Nullable
    Flux<ServerSentEvent<Object>> open() {
        return streams.open(Flux.just(event(
                AdminEvent.ready(streams.limits().heartbeat(), streams.limits().lifetime()))));
    }

    /** The number of open streams. */
    int subscribers() {
        return streams.openStreams();
    }

    int maxStreams() {
        return streams.limits().maxStreams();
    }

    /** Seconds a client refused for capacity should wait, as on Spring MVC. */
    long retryAfterSeconds() {
        return AdminEvent.REFUSED_RETRY_AFTER_SECONDS;
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        streams.emit(AdminEvent.flagsChanged(changedKeys));
    }

    @EventListener
    void audited(FlagAuditEvent event) {
        streams.emit(AdminEvent.audit(event.getEntry()));
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

    private static ServerSentEvent<Object> event(AdminEvent event) {
        return ServerSentEvent.builder((Object) event.data())
                .event(event.name())
                .build();
    }
}
