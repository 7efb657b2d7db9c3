package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Definitions;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Configures and builds a {@link FlagManager} over this library's engine. */
public final class FlagManagerBuilder {

    final List<FlagSource> sources = new ArrayList<>();
    final List<EvaluationHook> hooks = new ArrayList<>();
    final List<FlagChangeListener> listeners = new ArrayList<>();

    @Nullable
    String environment;

    Clock clock = Clock.systemUTC();
    MemoScope memoScope = MemoScope.NONE;
    boolean watch = true;
    Duration errorLogInterval = Duration.ofMinutes(1);

    @Nullable
    String sensitiveTag;

    @Nullable
    EvaluationGuard guard;

    FlagManagerBuilder() {}

    /** Adds a source of definitions; sources are validated together, a flag key may appear in only one. */
    public FlagManagerBuilder source(FlagSource source) {
        sources.add(requireNonNull(source, "source"));
        return this;
    }

    /** Adds definitions built in code. */
    public FlagManagerBuilder definitions(Definitions definitions) {
        return source(FlagSources.of("definitions", requireNonNull(definitions, "definitions")));
    }

    /** Adds a YAML or JSON file, watched for changes. */
    public FlagManagerBuilder file(Path file) {
        return source(FlagSources.file(requireNonNull(file, "file")));
    }

    /**
     * Sets the environment evaluations happen in, for flags restricted to some environments; a
     * context's own environment wins.
     */
    public FlagManagerBuilder environment(@Nullable String environment) {
        this.environment = environment;
        return this;
    }

    /** Sets the clock that schedules and rollouts read (default: system UTC). */
    public FlagManagerBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /** Sets where context-free calls find the current memo (default: nowhere). */
    public FlagManagerBuilder memoScope(MemoScope memoScope) {
        this.memoScope = requireNonNull(memoScope, "memoScope");
        return this;
    }

    /** Adds an evaluation hook. */
    public FlagManagerBuilder hook(EvaluationHook hook) {
        hooks.add(requireNonNull(hook, "hook"));
        return this;
    }

    /** Adds a change listener. */
    public FlagManagerBuilder listener(FlagChangeListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    /** Sets whether sources are watched for changes (default true). */
    public FlagManagerBuilder watch(boolean watch) {
        this.watch = watch;
        return this;
    }

    /** Sets how often the same problem with the same flag may be logged (default one minute). */
    public FlagManagerBuilder errorLogInterval(Duration interval) {
        this.errorLogInterval = requireNonNull(interval, "interval");
        return this;
    }

    /**
     * Guards sensitive flags: a flag tagged {@code sensitiveTag} is evaluated only when the guard
     * permits; flags without the tag never consult it.
     *
     * @param sensitiveTag the tag that marks sensitive flags
     * @param guard decides per call
     * @return this builder
     */
    public FlagManagerBuilder guard(String sensitiveTag, EvaluationGuard guard) {
        this.sensitiveTag = requireNonNull(sensitiveTag, "sensitiveTag");
        this.guard = requireNonNull(guard, "guard");
        return this;
    }

    /**
     * Loads every source, validates them together and starts watching.
     *
     * @return the manager
     * @throws dev.flags.definition.DefinitionsException listing every problem, when the
     *     definitions are not valid
     * @throws java.io.UncheckedIOException when a source cannot be read
     */
    public InspectableFlagManager build() {
        return new Engine(this);
    }
}
