package dev.flags.redis;

import static java.util.Objects.requireNonNull;

import dev.flags.store.FlagStore;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * Redis pub/sub as the push channel of a fleet that shares a flag store on any database (MariaDB,
 * H2, PostgreSQL): each instance publishes the store's head after every write made through it, and
 * every instance's follower is woken up by the others' messages instead of waiting for its next
 * poll. Redis carries wake-ups only, never definitions: the follower reads the change log itself,
 * so a lost, late or duplicated message costs latency, not correctness, and polling goes on as the
 * safety net.
 */
public final class RedisFlags {

    private RedisFlags() {}

    /**
     * Publishes this instance's writes and listens for the others'.
     *
     * <p>The channel holds two connections to Redis, one subscribed and one to publish, on a daemon
     * thread of its own. Every {@code keepAlive} it pings the subscribed connection; a connection
     * that fails or does not answer within the keep-alive (a dead server, a half-open connection) is
     * replaced with a growing pause of up to 30 seconds, the follower polls meanwhile, and once
     * subscribed again the follower is woken up to catch up on what it missed. A write made while
     * Redis is down is not published; the others find it at their next poll.
     *
     * @param redis the Redis server, for example {@code RedisURI.create("redis://127.0.0.1:6379")}
     * @param channel the pub/sub channel every instance of the fleet uses
     * @param store this instance's store, whose writes are published
     * @param follower this instance's follower, woken up by the others' messages
     * @param keepAlive how often the subscribed connection is tested, at least 100 ms
     * @return the channel, running until closed
     */
    public static PushChannel push(
            RedisURI redis, String channel, FlagStore store, FollowingSource follower, Duration keepAlive) {
        requireNonNull(redis, "redis");
        requireNonNull(channel, "channel");
        requireNonNull(store, "store");
        requireNonNull(follower, "follower");
        requireNonNull(keepAlive, "keepAlive");
        if (channel.isBlank()) {
            throw new IllegalArgumentException("channel must not be blank");
        }
        if (keepAlive.toMillis() < 100) {
            throw new IllegalArgumentException("keepAlive must be at least 100ms, was " + keepAlive);
        }
        return RedisPushChannel.start(redis, channel, store, follower, keepAlive);
    }
}
