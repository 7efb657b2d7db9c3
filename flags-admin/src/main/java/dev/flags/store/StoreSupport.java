package dev.flags.store;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.SegmentDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What every {@link FlagStore} does the same way: versions, timestamps, stored bodies and watchers.
 * For store implementations; applications do not call it.
 */
public final class StoreSupport {

    private static final Logger log = LoggerFactory.getLogger(FlagStore.class);

    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    /** The store's notion of now, at the millisecond precision every store keeps. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public static void checkVersion(EntityKind kind, String key, long expected, long actual) {
        if (expected < 0) {
            throw new IllegalArgumentException("expectedVersion must be 0 (new) or more but was " + expected);
        }
        if (expected != actual) {
            throw new StaleVersionException(kind, key, expected, actual);
        }
    }

    public static StoredFlag nextFlag(@Nullable StoredFlag current, FlagDefinition flag, Instant now) {
        Instant archived = null;
        if (flag.status() == FlagStatus.ARCHIVED) {
            archived = current != null && current.archived() != null ? current.archived() : now;
        }
        return new StoredFlag(
                flag,
                current == null ? 1 : current.version() + 1,
                current == null ? now : current.created(),
                now,
                archived);
    }

    public static StoredSegment nextSegment(@Nullable StoredSegment current, SegmentDefinition segment, Instant now) {
        return new StoredSegment(
                segment, current == null ? 1 : current.version() + 1, current == null ? now : current.created(), now);
    }

    public static FlagDefinition flagFromJson(String key, String json) {
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(json);
        Definitions definitions = DefinitionsReader.parseTree("store", Map.of("flags", Map.of(key, tree)));
        return definitions.flags().get(0);
    }

    public static SegmentDefinition segmentFromJson(String key, String json) {
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(json);
        Definitions definitions = DefinitionsReader.parseTree("store", Map.of("segments", Map.of(key, tree)));
        return definitions.segments().get(0);
    }

    public AutoCloseable watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }

    public void changed() {
        for (Runnable watcher : watchers) {
            try {
                watcher.run();
            } catch (RuntimeException e) { // the write is durable; a watcher's failure must not undo or fail it
                log.error("A flag store watcher failed", e);
            }
        }
    }
}
