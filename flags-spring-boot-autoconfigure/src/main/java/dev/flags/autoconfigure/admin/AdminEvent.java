package dev.flags.autoconfigure.admin;

import dev.flags.store.AuditEntry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One event of the admin API's change stream ({@code GET .../events}), free of either web stack:
 * {@link FlagsAdminEvents} sends it on Spring MVC, {@link ReactiveFlagsAdminEvents} on WebFlux, as
 * an event named {@code name} with {@code data} as JSON.
 *
 * @param name the event name: {@code ready}, {@code flags-changed} or {@code audit}
 * @param data the event's JSON data
 */
record AdminEvent(String name, Map<String, ?> data) {

    /** Seconds a client refused a stream (at the cap, or while shutting down) is told to wait. */
    static final long REFUSED_RETRY_AFTER_SECONDS = 30;

    /**
     * The first event of every stream, so the client knows the stream is open before any change,
     * with the stream's heartbeat interval and maximum lifetime in milliseconds.
     */
    static AdminEvent ready(Duration heartbeat, Duration maxLifetime) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("heartbeat", heartbeat.toMillis());
        data.put("maxLifetime", maxLifetime.toMillis());
        return new AdminEvent("ready", data);
    }

    /** The engine's definitions changed, whoever changed them: the keys, sorted. */
    static AdminEvent flagsChanged(Set<String> changedKeys) {
        return new AdminEvent("flags-changed", Map.of("keys", List.copyOf(new TreeSet<>(changedKeys))));
    }

    /** This instance wrote a change: the audit entry without the definitions. */
    static AdminEvent audit(AuditEntry entry) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("sequence", entry.sequence());
        data.put("time", entry.time().toString());
        data.put("kind", entry.kind().name().toLowerCase(Locale.ROOT));
        data.put("key", entry.key());
        data.put("action", entry.action().name());
        data.put("actor", entry.actor());
        data.put("version", entry.version());
        data.put("reason", entry.reason());
        return new AdminEvent("audit", data);
    }
}
