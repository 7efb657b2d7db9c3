package dev.flags.store;

/**
 * A channel on which a store's followers hear of other instances' writes at once, instead of at
 * their next poll: PostgreSQL {@code LISTEN}/{@code NOTIFY} ({@code JdbcFlags.listen}), Redis
 * pub/sub (flags-redis). A channel only {@linkplain FollowingSource#wakeUp() wakes the follower
 * up}; the follower reads the change log itself, so a lost or duplicated message costs nothing but
 * latency. A channel reconnects by itself, and while it is down the follower's polling alone finds
 * the changes.
 */
public interface PushChannel extends AutoCloseable {

    /** What a channel is doing. */
    enum State {
        /** Not listening yet, or again after a failure; polling alone finds changes meanwhile. */
        CONNECTING,
        /** Listening: changes are applied as soon as they are committed. */
        CONNECTED,
        /** The server cannot push (for example, the database is not PostgreSQL); polling only. */
        UNSUPPORTED,
        /** Closed. */
        CLOSED
    }

    /** Names the channel in logs and health, for example {@code postgres LISTEN flags_changes}. */
    String name();

    /** What the channel is doing now. */
    State state();

    /** Stops listening and releases the connection. */
    @Override
    void close();
}
