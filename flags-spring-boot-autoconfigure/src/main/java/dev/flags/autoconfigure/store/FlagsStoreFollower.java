package dev.flags.autoconfigure.store;

import static java.util.Objects.requireNonNull;

import dev.flags.store.Fleet;
import dev.flags.store.FollowStatus;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine's follower of a store that several instances share ({@code flags.store.type=jdbc}):
 * the source the engine reads, and where this instance stands against the store's change log. The
 * {@code flags} health indicator, the Actuator endpoint and the {@code flags.store.*} meters show
 * its {@linkplain #details() details}; push channels {@linkplain FollowingSource#wakeUp() wake it up}.
 */
public final class FlagsStoreFollower {

    private final FollowingSource source;

    private final Duration interval;

    private final Supplier<List<PushChannel>> pushChannels;

    private final String instanceId;

    /**
     * Creates the follower's handle.
     *
     * @param source the source the engine reads
     * @param interval how often the source polls, {@link Duration#ZERO} for never
     * @param pushChannels the channels that wake the source up, looked up when details are asked
     * @param instanceId the id under which this instance reports to the store's fleet listing
     */
    public FlagsStoreFollower(
            FollowingSource source, Duration interval, Supplier<List<PushChannel>> pushChannels, String instanceId) {
        this.source = requireNonNull(source, "source");
        this.interval = requireNonNull(interval, "interval");
        this.pushChannels = requireNonNull(pushChannels, "pushChannels");
        this.instanceId = requireNonNull(instanceId, "instanceId");
    }

    /**
     * The source the engine reads.
     *
     * @return the source
     */
    public FollowingSource source() {
        return source;
    }

    /**
     * Where this instance stands now.
     *
     * @return the status
     */
    public FollowStatus status() {
        return source.status();
    }

    /**
     * How often the source polls the head of the log.
     *
     * @return the interval, {@link Duration#ZERO} for no polling
     */
    public Duration interval() {
        return interval;
    }

    /**
     * The id under which this instance reports to the store's fleet listing.
     *
     * @return the id ({@code flags.store.instance-id} or the derived default)
     */
    public String instanceId() {
        return instanceId;
    }

    /**
     * The instances that follow the same store, each against the store's head now: one read of the
     * head and one of the instances' reports (never throws; while the store cannot be read, only
     * this instance is listed, with the error).
     *
     * @return the listing
     */
    public Fleet fleet() {
        return source.fleet();
    }

    /**
     * The {@linkplain #fleet() fleet} as the Actuator endpoint shows it: {@code head},
     * {@code listedAt}, {@code silentAfter}, {@code goneAfter}, {@code instances} (each with
     * {@code id}, {@code host}, {@code applied}, {@code lag}, {@code lastSeen}, {@code started},
     * {@code state} ({@code CURRENT}, {@code BEHIND} or {@code SILENT}) and {@code self}), then the
     * ids of the instances {@code behind} and {@code silent}, {@code sharedIds} when another
     * instance reports under this instance's id ({@link Fleet#sharedIds()}), and {@code error} when
     * the store's list could not be read.
     *
     * @return the listing, in that order, instants as ISO-8601 text and durations as ISO-8601
     */
    public Map<String, Object> fleetDetails() {
        Fleet fleet = fleet();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("head", fleet.head());
        details.put("listedAt", fleet.listedAt().toString());
        details.put("silentAfter", fleet.silentAfter().toString());
        details.put("goneAfter", fleet.goneAfter().toString());
        List<Map<String, Object>> instances = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (Fleet.Member member : fleet.instances()) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("id", member.id());
            instance.put("host", member.host());
            instance.put("applied", member.applied());
            instance.put("lag", member.lag());
            instance.put("lastSeen", member.lastSeen().toString());
            instance.put("started", member.started().toString());
            instance.put("state", member.state().name());
            instance.put("self", member.self());
            instances.add(instance);
            if (member.state() == Fleet.State.BEHIND) {
                behind.add(member.id());
            } else if (member.state() == Fleet.State.SILENT) {
                silent.add(member.id());
            }
        }
        details.put("instances", instances);
        details.put("behind", behind);
        details.put("silent", silent);
        List<String> sharedIds = fleet.sharedIds();
        if (!sharedIds.isEmpty()) {
            details.put("sharedIds", sharedIds);
        }
        if (fleet.error() != null) {
            details.put("error", fleet.error());
        }
        return details;
    }

    /**
     * The status as health and the Actuator endpoint show it: {@code store}, {@code instance} (this
     * instance's id in the fleet listing), {@code applied},
     * {@code head}, {@code lag}, {@code stale}, and when known {@code staleSince},
     * {@code lastContact}, {@code lastError}, then {@code servingBackup}, {@code fullReloads} and
     * {@code push}: the state of each push channel by name ({@code CONNECTED} or
     * {@code CONNECTING}; a channel the database does not support is left out).
     *
     * @return the details, in that order, instants as ISO-8601 text
     */
    public Map<String, Object> details() {
        FollowStatus status = status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", status.store());
        details.put("instance", instanceId);
        details.put("applied", status.applied());
        details.put("head", status.head());
        details.put("lag", status.lag());
        details.put("stale", status.stale());
        putInstant(details, "staleSince", status.staleSince());
        putInstant(details, "lastContact", status.lastContact());
        if (status.lastError() != null) {
            details.put("lastError", status.lastError());
        }
        details.put("servingBackup", status.servingBackup());
        details.put("fullReloads", status.fullReloads());
        Map<String, String> push = new LinkedHashMap<>();
        for (PushChannel channel : pushChannels.get()) {
            PushChannel.State state = channel.state();
            if (state != PushChannel.State.UNSUPPORTED) {
                push.put(channel.name(), state.name());
            }
        }
        details.put("push", push);
        return details;
    }

    private static void putInstant(Map<String, Object> details, String name, @Nullable Instant instant) {
        if (instant != null) {
            details.put(name, instant.toString());
        }
    }
}
