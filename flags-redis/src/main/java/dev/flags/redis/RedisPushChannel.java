package dev.flags.redis;

import dev.flags.store.FlagStore;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes and publishes on one Redis channel. Lettuce's own reconnection is off: this channel
 * replaces its connections itself, so that it knows when it was deaf and wakes the follower up to
 * catch up, and so that a half-open connection, which Lettuce would keep waiting on, is found out by
 * a ping with a deadline. On every (re)connection it publishes the head once, both ways: it wakes
 * its own follower for what others wrote while it was deaf, and the others for what this instance
 * wrote while it could not publish.
 */
final class RedisPushChannel implements PushChannel, Runnable {

    private static final Logger log = LoggerFactory.getLogger(RedisPushChannel.class);
    private static final long MAX_PAUSE_MILLIS = 30_000;

    private final RedisClient client;
    private final String channel;
    private final FlagStore store;
    private final FollowingSource follower;
    private final long keepAliveMillis;
    private final Thread thread;
    private final AutoCloseable watch;
    private volatile State state = State.CONNECTING;
    private volatile @Nullable StatefulRedisConnection<String, String> publisher;

    private RedisPushChannel(
            RedisURI redis, String channel, FlagStore store, FollowingSource follower, Duration keepAlive) {
        this.channel = channel;
        this.store = store;
        this.follower = follower;
        this.keepAliveMillis = keepAlive.toMillis();
        RedisURI uri = RedisURI.builder(redis).withTimeout(keepAlive).build();
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(keepAlive).build())
                .build());
        this.thread = new Thread(this, "flags-redis " + channel);
        this.thread.setDaemon(true);
        this.watch = store.watch(this::publish);
    }

    static RedisPushChannel start(
            RedisURI redis, String channel, FlagStore store, FollowingSource follower, Duration keepAlive) {
        RedisPushChannel push = new RedisPushChannel(redis, channel, store, follower, keepAlive);
        push.thread.start();
        return push;
    }

    @Override
    public String name() {
        return "redis SUBSCRIBE " + channel;
    }

    @Override
    public State state() {
        return state;
    }

    /**
     * After a write through this instance, on the writing thread, and on connecting: tell the others,
     * without waiting for Redis.
     */
    private void publish() {
        StatefulRedisConnection<String, String> connection = publisher;
        if (connection == null || !connection.isOpen()) {
            return; // Redis is down: the others poll, and hear from this instance when it is back
        }
        try {
            connection.async().publish(channel, Long.toString(store.head()));
        } catch (RuntimeException e) { // never fail a write that committed, nor the channel; the others poll
            log.debug("{}: publishing failed", name(), e);
        }
    }

    @Override
    public void run() {
        long pause = 250;
        boolean reported = false;
        while (state != State.CLOSED) {
            StatefulRedisPubSubConnection<String, String> subscribed = null;
            try {
                subscribed = client.connectPubSub();
                subscribed.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, String message) {
                        received(message);
                    }
                });
                subscribed.sync().subscribe(channel);
                publisher = client.connect();
                state = State.CONNECTED;
                pause = 250;
                if (reported) {
                    log.info("{} is subscribed again", name());
                    reported = false;
                }
                follower.wakeUp(); // whatever the others wrote while this channel was deaf
                publish(); // whatever this instance wrote while it could not publish
                keepAlive(subscribed);
            } catch (RuntimeException e) { // any failure of Redis or the connection: replace it, poll meanwhile
                if (state == State.CLOSED) {
                    break;
                }
                closeQuietly(subscribed); // before saying so: nothing publishes on the old connection after
                state = State.CONNECTING;
                if (!reported) {
                    log.warn("{} lost ({}); polling finds the changes until it is back", name(), e.getMessage());
                    reported = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                closeQuietly(subscribed);
            }
            try {
                Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
        Thread.interrupted(); // close() interrupted this thread; the shutdown below must not see it
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) { // closing is best effort
            log.debug("{}: shutting the client down failed", name(), e);
        }
    }

    /** Pings every keep-alive until the connection fails or does not answer in time. */
    private void keepAlive(StatefulRedisPubSubConnection<String, String> subscribed) throws InterruptedException {
        while (state != State.CLOSED) {
            Thread.sleep(keepAliveMillis);
            try {
                subscribed.async().ping().get(keepAliveMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("no answer to a ping within " + keepAliveMillis + " ms", e);
            }
        }
    }

    private void received(String payload) {
        long sequence;
        try {
            sequence = Long.parseLong(payload.strip());
        } catch (NumberFormatException e) { // not a sequence number: look anyway
            follower.wakeUp();
            return;
        }
        if (sequence > follower.status().applied()) {
            follower.wakeUp();
        }
    }

    private void closeQuietly(@Nullable StatefulRedisPubSubConnection<String, String> subscribed) {
        StatefulRedisConnection<String, String> connection = publisher;
        publisher = null;
        if (connection != null) {
            connection.closeAsync();
        }
        if (subscribed != null) {
            subscribed.closeAsync();
        }
    }

    /** Stops publishing at once and the subscription within a keep-alive. */
    @Override
    public void close() {
        state = State.CLOSED;
        try {
            watch.close();
        } catch (Exception e) { // closing is best effort
            log.debug("{}: could not stop watching the store", name(), e);
        }
        thread.interrupt();
    }
}
