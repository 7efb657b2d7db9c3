package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
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
 */
public record Following(
        Duration interval,
        double jitter,
        int batchSize,
        @Nullable Path backupFile,
        Startup startup,
        Definitions files) {

    /**
     * Polls every second with 20% jitter, reads up to 500 log entries a query, keeps no backup file,
     * and at startup without the store serves the backup (so fails until a backup file is set).
     */
    public static final Following DEFAULTS =
            new Following(Duration.ofSeconds(1), 0.2, 500, null, Startup.BACKUP, Definitions.EMPTY);

    /** No polling: only writes made through this instance's store object are applied. */
    public static final Following NONE = new Following(Duration.ZERO, 0, 500, null, Startup.FAIL, Definitions.EMPTY);

    /** Checks the components. */
    public Following {
        requireNonNull(interval, "interval");
        requireNonNull(startup, "startup");
        requireNonNull(files, "files");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
    }

    /** A copy polling at another interval. */
    public Following withInterval(Duration interval) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files);
    }

    /** A copy with another backup file. */
    public Following withBackupFile(@Nullable Path backupFile) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files);
    }

    /** A copy with another startup policy and the files served under {@link Startup#FILES}. */
    public Following withStartup(Startup startup, Definitions files) {
        return new Following(interval, jitter, batchSize, backupFile, startup, files);
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
