package dev.flags.autoconfigure.admin;

import dev.flags.FlagChangeListener;
import dev.flags.autoconfigure.store.FlagAuditEvent;
import dev.flags.autoconfigure.support.SseStreams;
import dev.flags.autoconfigure.support.StreamLimits;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of the admin API ({@code GET .../events}) on Spring MVC: {@code flags-changed}
 * with the keys whenever the engine's definitions change, whoever changed them (this instance's admin
 * API, another instance through the store's change log, a reloaded file), and {@code audit} with the
 * entry when this instance wrote the change ({@link AdminEvent}). Fed by a {@link FlagChangeListener}
 * and the audit events, so it needs no reference to the engine (which takes the listeners when it is
 * built).
 *
 * <p>The streams are {@link SseStreams}: a comment line every {@code flags.admin.events.heartbeat},
 * each stream ended after {@code flags.admin.events.max-lifetime} (browsers reconnect by themselves,
 * after the {@code retry} the first event names), at most {@code flags.admin.events.max-streams}
 * open at once, sends on a thread of their own. A {@link SmartLifecycle} in the default phase, so
 * every stream ends before the web server's graceful shutdown waits for open requests.
 */
final class FlagsAdminEvents implements FlagChangeListener, SmartLifecycle, DisposableBean {

    /** Reconnection delay suggested to browsers (the SSE {@code retry} field), in milliseconds. */
    static final long RETRY_MILLIS = 2000;

    private final SseStreams streams;

    /**
     * Creates the streams.
     *
     * @param heartbeat interval of the comment lines, positive
     * @param maxLifetime how long a stream stays open, positive
     * @param maxStreams most streams open at once, at least 1
     */
    FlagsAdminEvents(Duration heartbeat, Duration maxLifetime, int maxStreams) {
        this.streams = new SseStreams(
                "flags-admin-events", "Admin event stream", limits(heartbeat, maxLifetime, maxStreams), "heartbeat");
    }

    /** The admin event streams' limits, checked with the names of their properties. */
    static StreamLimits limits(Duration heartbeat, Duration maxLifetime, int maxStreams) {
        return StreamLimits.checked(
                "flags.admin.events.heartbeat",
                heartbeat,
                "flags.admin.events.max-lifetime",
                maxLifetime,
                "flags.admin.events.max-streams",
                maxStreams);
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

    /** Most streams open at once. */
    int maxStreams() {
        return streams.limits().maxStreams();
    }

    /**
     * A new stream, told about every change from now on; {@code null} when {@code max-streams} are
     * open or the application is shutting down.
     */
    @Nullable
    SseEmitter subscribe() {
        // A first event, so the client knows the stream is open and how soon to reconnect when the
        // server ends it.
        AdminEvent ready =
                AdminEvent.ready(streams.limits().heartbeat(), streams.limits().lifetime());
        return streams.open(List.of(SseEmitter.event()
                .reconnectTime(RETRY_MILLIS)
                .name(ready.name())
                .data(ready.data(), MediaType.APPLICATION_JSON)));
    }

    @Override
    public void flagsChanged(Set<String> changedKeys) {
        broadcast(AdminEvent.flagsChanged(changedKeys));
    }

    @EventListener
    void audited(FlagAuditEvent event) {
        broadcast(AdminEvent.audit(event.getEntry()));
    }

    private void broadcast(AdminEvent event) {
        streams.broadcast(() -> SseEmitter.event().name(event.name()).data(event.data(), MediaType.APPLICATION_JSON));
    }
}
