package dev.flags.ofrep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Requests per client and window, a bounded number of windows, and the wait until the next one. */
class OfrepRateLimiterTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private OfrepRateLimiter limiter(int requests, int maxClients) {
        return OfrepRateLimiter.of(requests, Duration.ofSeconds(10), maxClients, clock::get);
    }

    @Test
    void allowsTheLimitPerClientAndWindowThenSaysHowLongToWait() {
        OfrepRateLimiter limiter = limiter(2, 100);
        assertThat(limiter.acquire("ann")).isNull();
        assertThat(limiter.acquire("ann")).isNull();
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(limiter.acquire("ann")).isEqualTo(Duration.ofSeconds(6));
        assertThat(limiter.acquire("bob"))
                .as("another client has its own window")
                .isNull();
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(limiter.acquire("ann")).as("a new window").isNull();
    }

    @Test
    void aFloodOfClientNamesSharesOneOverflowWindowInsteadOfGrowingTheMap() {
        OfrepRateLimiter limiter = limiter(1, 2);
        assertThat(limiter.acquire("a")).isNull();
        assertThat(limiter.acquire("b")).isNull();
        assertThat(limiter.acquire("c")).as("first of the overflow window").isNull();
        assertThat(limiter.acquire("d")).as("shares the overflow window with c").isNotNull();
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(limiter.acquire("e"))
                .as("ended windows are dropped for new clients")
                .isNull();
        assertThat(limiter.acquire("e")).isNotNull();
    }

    @Test
    void refusesLimitsThatMakeNoSense() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OfrepRateLimiter.of(0, Duration.ofSeconds(1)))
                .withMessage("requests must be at least 1, not 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OfrepRateLimiter.of(5, Duration.ZERO))
                .withMessage("period must be positive, not PT0S");
    }
}
