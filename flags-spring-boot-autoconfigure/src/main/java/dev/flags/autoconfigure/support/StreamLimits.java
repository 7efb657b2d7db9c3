package dev.flags.autoconfigure.support;

import java.time.Duration;

/**
 * The limits of a server-sent event stream, checked once with the names of the properties they
 * came from, so that a bad value stops startup with a message naming the property at fault.
 *
 * @param heartbeat how often a comment line keeps an idle stream open through proxies
 * @param lifetime how long a stream stays open before the server ends it (clients reconnect)
 * @param maxStreams most streams open at once
 */
public record StreamLimits(Duration heartbeat, Duration lifetime, int maxStreams) {

    /**
     * Checks the limits.
     *
     * @param heartbeatProperty the property {@code heartbeat} came from
     * @param lifetimeProperty the property {@code lifetime} came from
     * @param maxStreamsProperty the property {@code maxStreams} came from
     * @return the limits
     * @throws IllegalStateException naming the property whose value is out of range
     */
    public static StreamLimits checked(
            String heartbeatProperty,
            Duration heartbeat,
            String lifetimeProperty,
            Duration lifetime,
            String maxStreamsProperty,
            int maxStreams) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalStateException(heartbeatProperty + " must be positive, not " + heartbeat);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalStateException(lifetimeProperty + " must be positive, not " + lifetime);
        }
        if (maxStreams < 1) {
            throw new IllegalStateException(maxStreamsProperty + " must be at least 1, not " + maxStreams);
        }
        return new StreamLimits(heartbeat, lifetime, maxStreams);
    }
}
