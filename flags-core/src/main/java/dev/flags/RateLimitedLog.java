package dev.flags;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether a message about a topic (a flag and a kind of problem) may be logged now: at most
 * once per topic in each interval, so a failing flag on a busy path logs once, not per call. The
 * number of topics remembered is bounded.
 */
final class RateLimitedLog {

    private static final int MAX_TOPICS = 10_000;

    private final long intervalNanos;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    RateLimitedLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    boolean permits(String topic) {
        long now = System.nanoTime();
        Long last = lastLogged.get(topic);
        if (last != null && now - last < intervalNanos) {
            return false;
        }
        if (lastLogged.size() >= MAX_TOPICS) {
            lastLogged.clear(); // forgetting early only means logging a little more
        }
        Long previous = last == null
                ? lastLogged.putIfAbsent(topic, now)
                : (lastLogged.replace(topic, last, now) ? null : last);
        return previous == null;
    }
}
