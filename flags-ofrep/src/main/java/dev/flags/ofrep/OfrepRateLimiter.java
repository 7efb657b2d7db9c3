package dev.flags.ofrep;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code requests} requests per client in each {@code period} (a fixed window per client):
 * a binding asks {@link #acquire} before it evaluates, and answers
 * {@link OfrepServer#tooManyRequests} with the wait it returns.
 *
 * <p>Memory is bounded: at most {@code maxClients} windows are kept. When that many clients are
 * inside their window, windows that ended are dropped first; if none has ended, new clients share one
 * overflow window, so a flood of distinct client names cannot grow the map or escape the limit.
 */
public final class OfrepRateLimiter {

    private static final String OVERFLOW = "\u0000overflow";

    private final int requests;
    private final long periodNanos;
    private final int maxClients;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private OfrepRateLimiter(int requests, Duration period, int maxClients, LongSupplier nanoTime) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, not " + requests);
        }
        requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, not " + period);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, not " + maxClients);
        }
        this.requests = requests;
        this.periodNanos = period.toNanos();
        this.maxClients = maxClients;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * A limiter of {@code requests} per client and {@code period}, tracking up to 10,000 clients.
     *
     * @param requests requests allowed per client in each period, at least 1
     * @param period the window, positive
     * @return the limiter
     */
    public static OfrepRateLimiter of(int requests, Duration period) {
        return new OfrepRateLimiter(requests, period, 10_000, System::nanoTime);
    }

    /** For tests: a chosen client bound and clock. */
    static OfrepRateLimiter of(int requests, Duration period, int maxClients, LongSupplier nanoTime) {
        return new OfrepRateLimiter(requests, period, maxClients, nanoTime);
    }

    /**
     * Counts a request of this client.
     *
     * @param client who is asking (the authenticated principal's name, else the remote address)
     * @return {@code null} when the request may proceed, else how long until the client's window ends
     */
    public @Nullable Duration acquire(String client) {
        requireNonNull(client, "client");
        long now = nanoTime.getAsLong();
        String key = client;
        if (!windows.containsKey(key) && windows.size() >= maxClients) {
            evictEnded(now);
            if (windows.size() >= maxClients) {
                key = OVERFLOW;
            }
        }
        Window window = windows.compute(
                key,
                (name, current) -> current == null || now - current.start >= periodNanos ? new Window(now) : current);
        synchronized (window) {
            if (window.count < requests) {
                window.count++;
                return null;
            }
        }
        return Duration.ofNanos(Math.max(1, window.start + periodNanos - now));
    }

    private void evictEnded(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (now - it.next().start >= periodNanos) {
                it.remove();
            }
        }
    }

    private static final class Window {
        final long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }
}
