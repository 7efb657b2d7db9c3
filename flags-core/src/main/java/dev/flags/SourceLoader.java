package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.source.FlagSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the engine's sources into snapshots: validates all sources together (errors name the
 * source that defined the offending flag or segment), publishes each valid result with one volatile
 * write, keeps each source's last good definitions when a reload is invalid, tells the listeners,
 * and watches the sources for changes.
 */
final class SourceLoader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlagManager.class);

    private final List<FlagSource> sources;
    private final @Nullable String sensitiveTag;
    private final ReentrantLock reloading = new ReentrantLock();
    /** Guards {@code watches}: starting and stopping watches may block on the file system. */
    private final ReentrantLock watching = new ReentrantLock();

    private final FlagManagerCallbacks callbacks;
    private final List<AutoCloseable> watches = new ArrayList<>();
    private volatile Snapshot snapshot;
    // Guarded by "this": the last good definitions of each source and which sources are failing.
    private final Definitions[] loaded;
    private final boolean[] failing;

    /**
     * Loads every source once.
     *
     * @throws DefinitionsException listing every problem of every source
     */
    SourceLoader(List<FlagSource> sources, @Nullable String sensitiveTag, FlagManagerCallbacks callbacks) {
        this.sources = List.copyOf(sources);
        this.sensitiveTag = sensitiveTag;
        this.callbacks = callbacks;
        this.loaded = new Definitions[this.sources.size()];
        this.failing = new boolean[this.sources.size()];
        List<DefinitionError> errors = new ArrayList<>();
        for (int i = 0; i < loaded.length; i++) {
            try {
                loaded[i] = this.sources.get(i).load();
            } catch (DefinitionsException e) {
                errors.addAll(e.errors());
                loaded[i] = Definitions.EMPTY;
            }
        }
        if (!errors.isEmpty()) {
            throw new DefinitionsException(errors);
        }
        this.snapshot = compile(loaded, null);
        for (int i = 0; i < loaded.length; i++) {
            appliedBy(i, loaded[i]);
        }
    }

    /** The snapshot in force. */
    Snapshot snapshot() {
        return snapshot;
    }

    /** Starts watching every source; each change reloads that source. */
    void watch() {
        watching.lock();
        try {
            for (int i = 0; i < sources.size(); i++) {
                int index = i;
                watches.add(sources.get(i).watch(() -> reload(index)));
            }
        } finally {
            watching.unlock();
        }
    }

    /**
     * Merges the sources' definitions, validates them together and compiles them, keeping what did
     * not change since {@code previous} when there is one.
     */
    private Snapshot compile(Definitions[] perSource, @Nullable Snapshot previous) {
        Definitions merged = perSource.length == 1 ? perSource[0] : merged(perSource);
        List<DefinitionError> errors =
                previous == null ? merged.validate() : merged.validateChangesFrom(previous.definitions);
        if (!errors.isEmpty()) {
            Map<String, String> origin = origins(perSource);
            throw new DefinitionsException(errors.stream()
                    .map(e -> e.withSource(originOf(e.path(), origin)))
                    .toList());
        }
        return previous == null
                ? SnapshotCompiler.compile(merged, sensitiveTag)
                : SnapshotCompiler.recompile(merged, sensitiveTag, previous);
    }

    private static Definitions merged(Definitions[] perSource) {
        List<FlagDefinition> flags = new ArrayList<>();
        List<SegmentDefinition> segments = new ArrayList<>();
        for (Definitions definitions : perSource) {
            flags.addAll(definitions.flags());
            segments.addAll(definitions.segments());
        }
        return new Definitions(flags, segments);
    }

    /** Which source defined each flag and segment (the last one, for a key defined twice): only for errors. */
    private Map<String, String> origins(Definitions[] perSource) {
        Map<String, String> origin = new HashMap<>();
        for (int i = 0; i < perSource.length; i++) {
            String name = sources.get(i).name();
            for (FlagDefinition flag : perSource[i].flags()) {
                origin.put("flags." + flag.key(), name);
            }
            for (SegmentDefinition segment : perSource[i].segments()) {
                origin.put("segments." + segment.key(), name);
            }
        }
        return origin;
    }

    private String originOf(String path, Map<String, String> origin) {
        String best = null;
        for (Map.Entry<String, String> entry : origin.entrySet()) {
            String prefix = entry.getKey();
            if ((path.equals(prefix) || path.startsWith(prefix + "."))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null
                ? (sources.size() == 1 ? sources.get(0).name() : "definitions")
                : requireNonNull(origin.get(best), "origin");
    }

    /**
     * Loads one source again; applies the result if everything together is valid, else keeps the last good.
     * Reloads are serialized with a {@link ReentrantLock}, not {@code synchronized}: loading blocks on
     * files, databases and networks, and a virtual thread blocked inside {@code synchronized} pins its
     * carrier on JDK 21 to 23.
     */
    void reload(int index) {
        reloading.lock();
        try {
            reloadLocked(index);
        } finally {
            reloading.unlock();
        }
    }

    private void reloadLocked(int index) {
        FlagSource source = sources.get(index);
        Definitions[] candidate = loaded.clone();
        Snapshot next;
        try {
            candidate[index] = source.load();
            next = compile(candidate, snapshot);
        } catch (Throwable thrown) { // a source may fail in any way; the last good snapshot stays
            // Listeners take a RuntimeException; an Error or a sneaked checked exception (a custom source's
            // StackOverflowError, LinkageError, ...) is reported wrapped, so no failure goes unheard.
            RuntimeException e = thrown instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(
                            "Loading flag definitions from " + source.name() + " failed with " + thrown, thrown);
            failing[index] = true;
            log.error(
                    "Flag definitions from {} were not applied; the last good definitions stay in force.\n{}",
                    source.name(),
                    e.getMessage());
            callbacks.loadFailed(source.name(), e);
            return;
        }
        Snapshot previous = snapshot;
        System.arraycopy(candidate, 0, loaded, 0, loaded.length);
        snapshot = next;
        Set<String> changed = ChangedKeys.between(previous.definitions, next.definitions);
        log.info("Flag definitions from {} applied; {} flag(s) changed", source.name(), changed.size());
        appliedBy(index, candidate[index]);
        callbacks.loadSucceeded(source.name());
        if (failing[index]) {
            failing[index] = false;
            callbacks.loadRecovered(source.name());
        }
        if (!changed.isEmpty()) {
            callbacks.flagsChanged(Collections.unmodifiableSet(changed));
        }
    }

    private void appliedBy(int index, Definitions definitions) {
        try {
            sources.get(index).applied(definitions);
        } catch (RuntimeException e) { // a source's bookkeeping must not undo a swap that happened
            log.warn(
                    "Flag source {} failed to record the definitions applied",
                    sources.get(index).name(),
                    e);
        }
    }

    /** Stops watching the sources; the snapshot in force stays. */
    @Override
    public void close() {
        watching.lock();
        try {
            for (AutoCloseable watch : watches) {
                try {
                    watch.close();
                } catch (Exception e) { // closing is best effort; keep closing the others
                    log.warn("Could not stop watching a flag source", e);
                }
            }
            watches.clear();
        } finally {
            watching.unlock();
        }
    }
}
