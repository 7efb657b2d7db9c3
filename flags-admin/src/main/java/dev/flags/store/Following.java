package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How an instance follows a store that other instances write: how often it polls the head of the
 * change log, where it keeps its last-known-good backup, and what it serves when the store cannot be
 * reached at startup.
 *
 * @param interval time between two polls of the log's head; {@link Duration#ZERO} for no polling
 *     (only writes through this instance are seen)
 * @param jitter fraction of the interval, from 0 to 1, by which each wait is shortened or lengthened
 *     at random, so that a fleet does not poll in step
 * @param batchSize how many change-log entries one catch-up query reads at most
 * @param backupFile where the applied snapshot is written after every change, or {@code null} for no
 *     backup
 * @param startup what to serve when the store cannot be read at startup
 * @param files the definitions of the application's files, served under {@link Startup#FILES}
 * @param instanceId names this instance in the store's fleet listing ({@link FollowingSource#fleet()}):
 *     unique in the fleet, and best stable across restarts; by default {@link #defaultInstanceId()}
 * @param instanceExpiry how long an instance may go without reporting before it counts as gone:
 *     no longer listed, and its report deleted
 */
public record Following(
        Duration interval,
        double jitter,
        int batchSize,
        @Nullable Path backupFile,
        Startup startup,
        Definitions files,
        String instanceId,
        Duration instanceExpiry) {

    /**
     * Polls every second with 20% jitter, reads up to 500 log entries a query, keeps no backup file,
     * and at startup without the store serves the backup (so fails until a backup file is set).
     */
    public static final Following DEFAULTS = new Following(
            Duration.ofSeconds(1),
            0.2,
            500,
            null,
            Startup.BACKUP,
            Definitions.EMPTY,
            defaultInstanceId(),
            Duration.ofMinutes(5));

    /** No polling: only writes made through this instance's store object are applied. */
    public static final Following NONE = new Following(
            Duration.ZERO, 0, 500, null, Startup.FAIL, Definitions.EMPTY, defaultInstanceId(), Duration.ofMinutes(5));

    /** Checks the components. */
    public Following {
        requireNonNull(interval, "interval");
        requireNonNull(startup, "startup");
        requireNonNull(files, "files");
        requireNonNull(instanceId, "instanceId");
        requireNonNull(instanceExpiry, "instanceExpiry");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (instanceId.isBlank() || instanceId.length() > FleetInstance.MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "instanceId must have 1 to " + FleetInstance.MAX_LENGTH + " characters, was '" + instanceId + "'");
        }
        if (instanceExpiry.isNegative() || instanceExpiry.isZero()) {
            throw new IllegalArgumentException("instanceExpiry must be positive, was " + instanceExpiry);
        }
    }

    /**
     * The instance id used unless another is given: this host's name and the process id, for example
     * {@code web-7f9c:4242}. It changes when the process restarts (the old id then goes silent and
     * expires); give a stable id with {@link #withInstance} where there is one, such as a pod name.
     *
     * @return the id
     */
    public static String defaultInstanceId() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    /**
     * This host's name as the fleet listing shows it: the {@code HOSTNAME} (or {@code COMPUTERNAME})
     * environment variable when set, which is the pod name on Kubernetes, else the name the network
     * configuration gives, else {@code localhost}.
     *
     * @return the name
     */
    public static String host() {
        return Host.NAME;
    }

    /** Looked up once: a host name lookup may be slow. */
    private static final class Host {

        static final String NAME = lookUp();

        private static String lookUp() {
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                String value = System.getenv(variable);
                if (value != null && !value.isBlank()) {
                    return value.strip();
                }
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException | RuntimeException e) { // no name: the listing still works
                return "localhost";
            }
        }
    }

    /**
     * How long an instance may go without reporting before it counts as {@linkplain Fleet.State#SILENT
     * silent}: three poll intervals, and at least two seconds, so that jitter, a slow reload or a
     * garbage-collection pause do not mark a healthy instance.
     *
     * @return the duration; {@link #instanceExpiry()} when polling is off (an instance that does not
     *     poll does not report either)
     */
    public Duration silentAfter() {
        if (interval.isZero()) {
            return instanceExpiry;
        }
        Duration three = interval.multipliedBy(3);
        Duration silent = three.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : three;
        return silent.compareTo(instanceExpiry) > 0 ? instanceExpiry : silent;
    }

    /** A copy polling at another interval. */
    public Following withInterval(Duration interval) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files, instanceId, instanceExpiry);
    }

    /** A copy with another backup file. */
    public Following withBackupFile(@Nullable Path backupFile) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files, instanceId, instanceExpiry);
    }

    /** A copy with another startup policy and the files served under {@link Startup#FILES}. */
    public Following withStartup(Startup startup, Definitions files) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files, instanceId, instanceExpiry);
    }

    /**
     * A copy naming this instance otherwise in the fleet listing, and with another expiry.
     *
     * @param instanceId unique in the fleet, stable across restarts where it can be
     * @param instanceExpiry how long without a report until an instance counts as gone
     * @return the copy
     */
    public Following withInstance(String instanceId, Duration instanceExpiry) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files, instanceId, instanceExpiry);
    }

    /** What an instance serves when its store cannot be read at startup. */
    public enum Startup {
        /** The backup file's snapshot when there is one, else fail. */
        BACKUP,
        /** The application's definition files only, until the store answers. */
        FILES,
        /** Fail, naming the store and the cause. */
        FAIL
    }
}
