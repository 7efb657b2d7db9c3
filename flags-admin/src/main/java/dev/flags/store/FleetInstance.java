package dev.flags.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An instance's report of where it stands, as a follower writes it to its store on its poll
 * cadence ({@link FlagStore#report}) and as the store lists it back ({@link FlagStore#fleet}).
 *
 * @param id the instance's id, unique in the fleet and stable across restarts where it can be
 *     ({@link Following#instanceId()}); at most {@value #MAX_LENGTH} characters
 * @param host the host the instance runs on; at most {@value #MAX_LENGTH} characters
 * @param applied the sequence number of the last change the instance applied
 * @param lastSeen when the instance wrote this report, by its own clock
 * @param started when the instance's follower started, by its own clock: a later value under the
 *     same id means the instance restarted (or two instances share an id)
 */
public record FleetInstance(String id, String host, long applied, Instant lastSeen, Instant started) {

    /** The longest id or host a store keeps. */
    public static final int MAX_LENGTH = 200;

    /** Checks the components. */
    public FleetInstance {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(started, "started");
        if (id.isBlank() || id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "instance id must have 1 to " + MAX_LENGTH + " characters, was '" + id + "'");
        }
        if (host.length() > MAX_LENGTH) {
            host = host.substring(0, MAX_LENGTH);
        }
        if (applied < 0) {
            throw new IllegalArgumentException("applied must not be negative, was " + applied);
        }
    }
}
