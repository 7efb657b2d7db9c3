package dev.flags.test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The overrides, problems and evaluations of one test (or one test class, the parent of its
 * tests' scopes). {@link FlagsExtension} makes one per class and per test and binds it to the
 * test's thread, so tests running in parallel never see each other's overrides.
 */
final class FlagScope {

    /** An override: a variant name, a value, or both. */
    record Override(@Nullable String variant, @Nullable Object value) {}

    private final @Nullable FlagScope parent;
    private final boolean records;
    private final Map<String, Override> overrides = new ConcurrentHashMap<>();
    private final Set<String> problems = ConcurrentHashMap.newKeySet();
    private final List<RecordedEvaluation> evaluations = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    FlagScope(@Nullable FlagScope parent, boolean records) {
        this.parent = parent;
        this.records = records;
    }

    @Nullable
    Override override(String key) {
        Override own = overrides.get(key);
        return own != null || parent == null ? own : parent.override(key);
    }

    void put(String key, Override override) {
        overrides.put(key, override);
    }

    void remove(String key) {
        overrides.remove(key);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    Set<String> problems() {
        return problems;
    }

    void record(RecordedEvaluation evaluation) {
        if (records) {
            evaluations.add(evaluation);
        }
    }

    List<RecordedEvaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    void clear() {
        overrides.clear();
        problems.clear();
        evaluations.clear();
    }

    /** A closed scope is no longer any thread's: threads that inherited it fall back to the JVM-wide one. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed || (parent != null && parent.isClosed());
    }
}
