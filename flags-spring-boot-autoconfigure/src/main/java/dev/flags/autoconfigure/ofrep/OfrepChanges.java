package dev.flags.autoconfigure.ofrep;

import dev.flags.autoconfigure.support.StreamLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The events of the OFREP change stream (ADR-0008), free of either web stack: the Spring MVC stream
 * ({@link OfrepEventStream}) and the WebFlux one ({@link ReactiveOfrepEventStream}) send what this
 * class numbers. Events say only that something changed, never what: a client re-fetches its bulk
 * evaluation, and a change that does not affect it costs a 304.
 *
 * <p>Event ids are this process's start time and a sequence number. A client reconnecting with a
 * {@code Last-Event-ID} other than the latest is sent the latest event at once: events carry no
 * payload beyond "re-fetch", so one stands for every event missed, and an id from another process
 * (after a restart) never matches.
 */
final class OfrepChanges {

    /** Reconnection delay suggested to clients, in milliseconds. */
    static final long RETRY_MILLIS = 5000;

    /** The comment that opens every stream, so that clients see it open at once. */
    static final String OPENING = "ofrep change stream";

    /** The comment of a heartbeat. */
    static final String KEEP_ALIVE = "keep-alive";

    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<@Nullable Event> latest = new AtomicReference<>();

    /** The stream settings, checked with the names of their properties. */
    static StreamLimits limits(Duration heartbeat, Duration timeout, int maxConnections) {
        return StreamLimits.checked(
                "flags.ofrep.sse.heartbeat",
                heartbeat,
                "flags.ofrep.sse.timeout",
                timeout,
                "flags.ofrep.sse.max-connections",
                maxConnections);
    }

    /** The event for a change that just happened, which becomes the latest. */
    Event changed() {
        Event event = new Event(
                epoch + "-" + sequence.incrementAndGet(), Instant.now().getEpochSecond());
        latest.set(event);
        return event;
    }

    /**
     * The event a reconnecting client missed, or {@code null} when it missed none.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or {@code null} on a first connection
     */
    @Nullable
    Event missed(@Nullable String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        Event current = latest.get();
        if (current == null) {
            // Nothing changed in this process; an id it did not issue comes from before a restart.
            return lastEventId.startsWith(epoch + "-")
                    ? null
                    : new Event(epoch + "-0", Instant.now().getEpochSecond());
        }
        return current.id().equals(lastEventId) ? null : current;
    }

    /**
     * One refetchEvaluation event, sent with the name {@code message}.
     *
     * @param id the event id
     * @param lastModified when the change happened, in epoch seconds
     */
    record Event(String id, long lastModified) {

        /** The event's data line. */
        String data() {
            return "{\"type\":\"refetchEvaluation\",\"etag\":\"" + id + "\",\"lastModified\":" + lastModified + "}";
        }
    }
}
