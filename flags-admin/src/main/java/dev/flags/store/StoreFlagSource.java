package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A {@link dev.flags.source.FlagSource} over a store: the engine evaluates what the store holds.
 * Writes through this instance's store object make the engine reload at once, on the writing thread;
 * with {@link Following#interval()} above zero, a thread of its own also polls the head of the
 * store's change log, so that other instances' writes are applied too.
 *
 * <p>Every reload goes through the engine like a file reload (validation, atomic swap, listeners,
 * last good definitions). This source keeps a working copy of the store and brings it forward with
 * the log entries after the last sequence it read: entries at or below it are skipped (applying a
 * change twice is harmless), and a gap (the log was trimmed, or the store is behind this instance)
 * reads the whole store instead. Each valid snapshot is written to the backup file, atomically.
 */
final class StoreFlagSource implements FollowingSource {

    private static final Logger log = LoggerFactory.getLogger(FlagStore.class);
    private static final String BACKUP_FORMAT = "flags-store-backup-1";

    private final FlagStore store;
    private final Following following;
    private final Clock clock;

    // Guarded by "lock": the working copy of the store, at sequence "loaded".
    private final TreeMap<String, FlagDefinition> flags = new TreeMap<>();
    private final TreeMap<String, SegmentDefinition> segments = new TreeMap<>();
    // With a backup file: each definition of the working copy as JSON, written when it changes, so
    // that a backup costs a copy of the text rather than writing every definition again.
    private final TreeMap<String, String> flagJson = new TreeMap<>();
    private final TreeMap<String, String> segmentJson = new TreeMap<>();
    /** Guards what load and applied share; see {@link #load()}. */
    private final ReentrantLock lock = new ReentrantLock();

    private long loaded = -1;
    private boolean fromStore;
    // The definitions the last load returned from the store, until the engine applies them.
    private @Nullable Definitions pending;
    private long pendingSequence;
    private @Nullable String pendingBackup;

    private volatile long applied;
    private volatile long head;
    private volatile @Nullable Instant lastContact;
    private volatile @Nullable Instant staleSince;
    private volatile @Nullable String lastError;
    private volatile boolean servingBackup;
    private volatile long fullReloads;
    // Set while the startup failure has not reached the engine's listeners (the engine's first load
    // succeeded with the backup or the files); the follower's first check reports it.
    private volatile boolean unreported;
    // Reports to the store's fleet listing, from the polling thread only.
    private final Instant started;
    private volatile long reported = -1; // read by listings too
    private volatile long warnedSharedStart = Long.MIN_VALUE;
    private boolean reportFailing;

    StoreFlagSource(FlagStore store, Following following, Clock clock) {
        this.store = store;
        this.following = following;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public String name() {
        return store.name();
    }

    /**
     * Reads the store. Serialized with a {@link ReentrantLock} rather than {@code synchronized}: the
     * read blocks on the database, and a virtual thread blocked inside {@code synchronized} pins its
     * carrier on JDK 21 to 23.
     */
    @Override
    public Definitions load() {
        lock.lock();
        try {
            if (loaded < 0) {
                return startup();
            }
            if (!fromStore) {
                return full();
            }
            return catchUp();
        } catch (RuntimeException e) { // any failure of the store is reported the same way
            failed(e);
            unreported = false; // the engine tells its listeners about this one
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private Definitions startup() {
        try {
            return full();
        } catch (RuntimeException e) { // the store is down or broken: the startup policy decides
            Path backup = following.backupFile();
            switch (following.startup()) {
                case BACKUP -> {
                    if (backup != null && Files.isRegularFile(backup)) {
                        Backup definitions = readBackup(backup);
                        log.warn(
                                "Flag store {} cannot be read ({}); serving the backup {} until it can",
                                store.name(),
                                e.getMessage(),
                                backup);
                        applied = definitions.sequence();
                        return serveInstead(definitions.definitions(), e);
                    }
                }
                case FILES -> {
                    log.warn(
                            "Flag store {} cannot be read ({}); serving the definition files until it can",
                            store.name(),
                            e.getMessage());
                    return serveInstead(following.files(), e);
                }
                case FAIL -> {}
            }
            throw new FlagStoreException(
                    "Cannot read the flag store " + store.name() + " at startup"
                            + (following.startup() == Following.Startup.BACKUP
                                    ? (backup == null
                                            ? " and no backup file is configured"
                                            : " and there is no backup file " + backup)
                                    : "")
                            + ": " + e.getMessage(),
                    e);
        }
    }

    private Definitions serveInstead(Definitions definitions, RuntimeException cause) {
        replace(definitions);
        loaded = 0;
        fromStore = false;
        servingBackup = true;
        failed(cause);
        unreported = true;
        return definitions;
    }

    private Definitions full() {
        StoreContents contents = store.contents();
        fullReloads++;
        replace(contents.definitions());
        loaded = contents.sequence();
        fromStore = true;
        servingBackup = false;
        return accepted(contents.sequence());
    }

    private void replace(Definitions definitions) {
        flags.clear();
        segments.clear();
        flagJson.clear();
        segmentJson.clear();
        for (FlagDefinition flag : definitions.flags()) {
            put(StoredKind.FLAG, flags, flagJson, flag.key(), flag);
        }
        for (SegmentDefinition segment : definitions.segments()) {
            put(StoredKind.SEGMENT, segments, segmentJson, segment.key(), segment);
        }
    }

    private <D> void put(
            StoredKind<D, ?> kind, Map<String, D> target, Map<String, String> json, String key, D definition) {
        target.put(key, definition);
        if (following.backupFile() != null) {
            json.put(key, kind.toJson(definition));
        }
    }

    private Definitions catchUp() {
        // Read the head first, as a poll does: a store whose head cannot be read fails this load too,
        // so the engine reports the outage instead of applying an unchanged snapshot at every poll.
        // Read again rather than handed over from the poll: a poll's head can be older than what a
        // reload started meanwhile (by a local write) has applied, which would force a full reload.
        head = store.head();
        // The last entry of each key decides: a key changed many times while this instance was away
        // is read once. Nothing is parsed or changed before the whole range is known to be gap-free.
        Map<String, AuditEntry> flagEntries = new HashMap<>();
        Map<String, AuditEntry> segmentEntries = new HashMap<>();
        long sequence = loaded;
        while (true) {
            List<AuditEntry> batch = store.changesSince(sequence, following.batchSize());
            for (AuditEntry entry : batch) {
                if (entry.sequence() <= sequence) {
                    continue; // seen already
                }
                if (entry.sequence() != sequence + 1) {
                    log.info(
                            "Change log of {} jumps from {} to {}; reading the whole store",
                            store.name(),
                            sequence,
                            entry.sequence());
                    return full();
                }
                (entry.kind() == EntityKind.FLAG ? flagEntries : segmentEntries).put(entry.key(), entry);
                sequence = entry.sequence();
            }
            if (batch.size() < following.batchSize()) {
                break;
            }
        }
        if (sequence < head || (sequence == loaded && head < loaded)) {
            // The log ends before a head that was seen (trimmed), or the store is behind this instance
            // (restored or replaced): only the whole store is the truth.
            log.info(
                    "Change log of {} ends at {} but its head was {}; reading the whole store",
                    store.name(),
                    sequence,
                    head);
            return full();
        }
        // Parse everything before changing anything: a body that cannot be read fails this load and
        // leaves the working copy as it was.
        Map<String, @Nullable FlagDefinition> nextFlags = parsed(StoredKind.FLAG, flagEntries);
        Map<String, @Nullable SegmentDefinition> nextSegments = parsed(StoredKind.SEGMENT, segmentEntries);
        putOrRemove(StoredKind.FLAG, flags, flagJson, nextFlags);
        putOrRemove(StoredKind.SEGMENT, segments, segmentJson, nextSegments);
        loaded = sequence;
        return accepted(sequence);
    }

    private static <D> Map<String, @Nullable D> parsed(StoredKind<D, ?> kind, Map<String, AuditEntry> entries) {
        Map<String, @Nullable D> parsed = new HashMap<>();
        for (AuditEntry entry : entries.values()) {
            String after = entry.after();
            parsed.put(entry.key(), after == null ? null : kind.fromJson(entry.key(), after));
        }
        return parsed;
    }

    private <D> void putOrRemove(
            StoredKind<D, ?> kind, Map<String, D> target, Map<String, String> json, Map<String, @Nullable D> changes) {
        for (Map.Entry<String, @Nullable D> change : changes.entrySet()) {
            D definition = change.getValue();
            if (definition == null) {
                target.remove(change.getKey());
                json.remove(change.getKey());
            } else {
                put(kind, target, json, change.getKey(), definition);
            }
        }
    }

    /**
     * The working copy as definitions, remembered with its sequence until the engine says it applied
     * them ({@link #applied}): the engine validates them as the store's only source, and an invalid
     * snapshot stays unapplied here too while the engine keeps its last good one.
     */
    private Definitions accepted(long sequence) {
        // One copy: Definitions keeps an unmodifiable list as it is.
        Definitions definitions = new Definitions(List.copyOf(flags.values()), List.copyOf(segments.values()));
        lastContact = clock.instant();
        staleSince = null;
        lastError = null;
        unreported = false;
        head = Math.max(head, sequence);
        pending = definitions;
        pendingSequence = sequence;
        pendingBackup = following.backupFile() == null ? null : backupText(sequence);
        return definitions;
    }

    /**
     * The backup file's text for the working copy: what {@link DefinitionsWriter#toTree} gives for
     * these definitions, as JSON, assembled from each definition's own JSON.
     */
    private String backupText(long sequence) {
        StringBuilder text = new StringBuilder(64 + 512 * (flagJson.size() + segmentJson.size()));
        text.append("{\"format\":")
                .append(DefinitionsWriter.json(BACKUP_FORMAT))
                .append(",\"store\":")
                .append(DefinitionsWriter.json(store.name()))
                .append(",\"sequence\":")
                .append(sequence)
                .append(",\"definitions\":{\"flags\":");
        appendObject(text, flagJson);
        if (!segmentJson.isEmpty()) {
            text.append(",\"segments\":");
            appendObject(text, segmentJson);
        }
        return text.append("}}").toString();
    }

    private static void appendObject(StringBuilder text, Map<String, String> json) {
        text.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : json.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(DefinitionsWriter.json(entry.getKey())).append(':').append(entry.getValue());
        }
        text.append('}');
    }

    @Override
    public void applied(Definitions definitions) {
        long sequence;
        String backupText;
        lock.lock();
        try {
            if (definitions != pending) {
                return; // the backup or the files served at startup: nothing of the store's to record
            }
            pending = null;
            sequence = pendingSequence;
            backupText = pendingBackup;
            pendingBackup = null;
        } finally {
            lock.unlock();
        }
        Path backup = following.backupFile();
        if (backup != null && backupText != null) {
            writeBackup(backup, backupText);
        }
        // Last: whoever sees this sequence as applied finds it in the backup file too.
        applied = sequence;
    }

    private void failed(RuntimeException e) {
        lastError = e.getMessage();
        if (staleSince == null) {
            staleSince = clock.instant();
        }
    }

    private void writeBackup(Path backup, String text) {
        try {
            Path directory = backup.toAbsolutePath().getParent();
            if (directory != null) {
                Files.createDirectories(directory);
            }
            Path temporary = Files.createTempFile(directory, backup.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) { // the snapshot is applied; only the backup is behind
            log.warn("Could not write the flag backup file {}; the previous one stays", backup, e);
        }
    }

    /** A backup file's definitions and the sequence number they were at. */
    private record Backup(Definitions definitions, long sequence) {}

    private static Backup readBackup(Path backup) {
        String source = "backup file " + backup;
        Object tree;
        try {
            tree = new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(backup, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + source, e);
        } catch (RuntimeException e) { // a truncated or foreign file: say which
            throw new IllegalStateException("The " + source + " is not a flag backup: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> map) || !BACKUP_FORMAT.equals(map.get("format"))) {
            throw new IllegalStateException(
                    "The " + source + " is not a flag backup (format " + BACKUP_FORMAT + " expected)");
        }
        Object definitions = map.get("definitions");
        long sequence = map.get("sequence") instanceof Number number ? number.longValue() : 0;
        return new Backup(DefinitionsReader.parseTree(source, definitions == null ? Map.of() : definitions), sequence);
    }

    @Override
    public FollowStatus status() {
        return new FollowStatus(
                store.name(), applied, head, lastContact, staleSince, lastError, servingBackup, fullReloads);
    }

    // ---- the fleet: this instance's reports and the listing ----

    @Override
    public Fleet fleet() {
        Instant now = clock.instant();
        Duration silentAfter = following.silentAfter();
        Duration goneAfter = following.instanceExpiry();
        long seenHead;
        List<FleetInstance> reports;
        String error = null;
        try {
            seenHead = store.head();
            reports = store.fleet(now.minus(goneAfter));
        } catch (RuntimeException e) { // the listing answers while the store is down: this instance alone
            seenHead = head;
            reports = List.of();
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        String self = following.instanceId();
        List<Fleet.Member> members = new ArrayList<>(reports.size() + 1);
        for (FleetInstance report : reports) {
            // This instance's own row is replaced by how it stands now (below). A row under its id
            // that it did not write (another start time, after it reported) is another instance's.
            if (report.id().equals(self) && !sharesId(report)) {
                continue;
            }
            long lag = Math.max(0, seenHead - report.applied());
            Fleet.State state = Duration.between(report.lastSeen(), now).compareTo(silentAfter) > 0
                    ? Fleet.State.SILENT
                    : lag > 0 ? Fleet.State.BEHIND : Fleet.State.CURRENT;
            members.add(new Fleet.Member(
                    report.id(),
                    report.host(),
                    report.applied(),
                    lag,
                    report.lastSeen(),
                    report.started(),
                    state,
                    false));
        }
        // This instance as it stands now rather than as it last reported; silent while it cannot
        // reach the store, since the others then hear nothing from it either.
        long lag = Math.max(0, seenHead - applied);
        boolean cut = error != null || staleSince != null;
        Instant contact = lastContact;
        members.add(new Fleet.Member(
                self,
                Following.host(),
                applied,
                lag,
                cut ? (contact == null ? started : contact) : now,
                started,
                cut ? Fleet.State.SILENT : lag > 0 ? Fleet.State.BEHIND : Fleet.State.CURRENT,
                true));
        members.sort(Comparator.comparing(Fleet.Member::id).thenComparing(member -> !member.self()));
        return new Fleet(store.name(), seenHead, now, silentAfter, goneAfter, members, error);
    }

    /**
     * Whether a report under this instance's id was written by another instance: this one has
     * reported (so the row was its own), and the row now carries another start time. Stores keep
     * milliseconds, so that is the precision compared; two instances started in the same
     * millisecond under one id are not told apart. Logged once for each other start time seen.
     */
    private boolean sharesId(FleetInstance report) {
        long otherStart = report.started().toEpochMilli();
        if (reported < 0 || otherStart == started.toEpochMilli()) {
            return false;
        }
        if (otherStart != warnedSharedStart) {
            warnedSharedStart = otherStart;
            log.warn(
                    "Another instance (host {}, started {}) reports to the fleet listing of {} under this"
                            + " instance's id '{}': each instance needs its own id (flags.store.instance-id)",
                    report.host(),
                    report.started(),
                    store.name(),
                    report.id());
        }
        return true;
    }

    /**
     * Writes this instance's report after a poll: on every poll (so that it is not taken for silent)
     * and after a push wake-up that applied something. A failure is logged once per streak and does
     * not count as a store outage: following goes on.
     */
    private void report(boolean poll) {
        long now = applied;
        if (!poll && now == reported) {
            return;
        }
        try {
            if (reported < 0) {
                // The first report also forgets the instances gone for longer than the expiry.
                store.fleet(clock.instant().minus(following.instanceExpiry()));
            }
            store.report(new FleetInstance(following.instanceId(), Following.host(), now, clock.instant(), started));
            reported = now;
            if (reportFailing) {
                reportFailing = false;
                log.info("Flag store {} takes this instance's fleet reports again", store.name());
            }
        } catch (RuntimeException e) { // the listing is behind, following is not: log, go on
            if (!reportFailing) {
                reportFailing = true;
                log.warn(
                        "Could not report this instance ({}) to the fleet listing of {}: {}",
                        following.instanceId(),
                        store.name(),
                        e.getMessage());
            }
        }
    }

    // ---- watching: local writes and polling ----

    private volatile @Nullable Poller poller;

    @Override
    public AutoCloseable watch(Runnable onChange) {
        AutoCloseable local = store.watch(onChange);
        boolean polling = !following.interval().isZero();
        if (!polling && !unreported) {
            return local;
        }
        Poller started = new Poller(onChange);
        poller = started;
        if (unreported) {
            started.now(); // listeners learn at once that the store is down and the backup is served
        }
        if (polling) {
            started.next();
        }
        return () -> {
            started.close();
            local.close();
        };
    }

    @Override
    public void wakeUp() {
        Poller current = poller;
        if (current != null) {
            current.now();
        }
    }

    /** Polls the head of the log on a thread of its own and reloads when it moved or the store came back. */
    private final class Poller {

        private final Runnable onChange;
        private final ScheduledExecutorService executor;

        Poller(Runnable onChange) {
            this.onChange = requireNonNull(onChange, "onChange");
            this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "flags-follow " + store.name());
                thread.setDaemon(true);
                return thread;
            });
        }

        void next() {
            if (following.interval().isZero()) {
                return;
            }
            long interval = following.interval().toNanos();
            double spread =
                    following.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            schedule(Math.max(1, (long) (interval * (1 + spread))), true);
        }

        void now() {
            schedule(0, false);
        }

        private void schedule(long delayNanos, boolean reschedule) {
            try {
                executor.schedule(
                        () -> {
                            try {
                                check(reschedule);
                            } finally {
                                if (reschedule) {
                                    next();
                                }
                            }
                        },
                        delayNanos,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) { // closed meanwhile
                log.debug("Flag store follower of {} is closed", store.name());
            }
        }

        private void check(boolean poll) {
            boolean reload;
            boolean reachable;
            try {
                long seen = store.head();
                head = seen;
                lastContact = clock.instant();
                reachable = true;
                reload = staleSince != null || servingBackup || seen != loadedSequence();
            } catch (RuntimeException e) { // the store is unreachable: report once per outage, through the engine
                boolean first = staleSince == null || unreported;
                failed(e);
                reachable = false;
                reload = first;
            }
            if (reload) {
                try {
                    onChange.run();
                } catch (RuntimeException e) { // the engine reports load failures itself; keep polling
                    log.debug("Reload of {} failed", store.name(), e);
                }
            }
            if (reachable && staleSince == null) {
                report(poll);
            }
        }

        void close() {
            executor.shutdownNow();
        }
    }

    private long loadedSequence() {
        lock.lock();
        try {
            return loaded;
        } finally {
            lock.unlock();
        }
    }
}
