package dev.flags;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The {@link EvaluationHook}s and {@link FlagChangeListener}s of one {@link FlagManager}, and the one
 * way they and its {@link MemoScope} are run: hooks before and after each evaluation with the data
 * each hook's {@link EvaluationHook#before before} handed over, listeners in registration order,
 * and a failure of any of them logged (hook and memo scope failures rate limited) without affecting
 * the evaluation, the reload or the other callbacks.
 *
 * <p>For {@link FlagManager} implementations, such as the OpenFeature bridge; applications register
 * hooks and listeners on the manager. Public only because those implementations live in other
 * modules.
 *
 * <p>When no hook is registered or none is {@linkplain EvaluationHook#isActive() active},
 * {@link #before} allocates nothing and returns {@code null}. When hooks run, the frames that carry
 * their data are pooled per thread, and a manager that keeps a {@link HookContext} per flag hands it
 * to hooks that do not read the inputs (see {@link #hooksReadInputs()}): then running hooks
 * allocates nothing either.
 */
public final class FlagManagerCallbacks {

    private static final EvaluationHook[] NO_HOOKS = new EvaluationHook[0];
    /** What a frame holds, instead of a hook's data, for a hook that was not active for it. */
    private static final Object INACTIVE = new Object();
    /** Nested evaluations deeper than this on one thread get frames of their own instead of pooled ones. */
    private static final int POOLED_DEPTH = 16;

    private final Logger log;
    private final RateLimitedLog rateLimitedLog;
    private final List<FlagChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile EvaluationHook[] hooks = NO_HOOKS;
    // Whether a registered hook reads the context or the default; written with hooks, under the lock.
    private volatile boolean hooksReadInputs;
    private final ThreadLocal<Frames> frames = ThreadLocal.withInitial(Frames::new);

    /**
     * Creates the callbacks of one manager.
     *
     * @param log where failures of hooks and listeners are logged, the manager's logger
     * @param hookErrorLogInterval how often the same hook failing for the same flag may be logged
     */
    public FlagManagerCallbacks(Logger log, Duration hookErrorLogInterval) {
        this.log = requireNonNull(log, "log");
        this.rateLimitedLog = new RateLimitedLog(requireNonNull(hookErrorLogInterval, "hookErrorLogInterval"));
    }

    // ---- hooks ----

    /** Registers a hook; it runs for evaluations that start afterwards. */
    public synchronized void addHook(EvaluationHook hook) {
        requireNonNull(hook, "hook");
        EvaluationHook[] more = Arrays.copyOf(hooks, hooks.length + 1);
        more[hooks.length] = hook;
        publish(more);
    }

    /** Removes a hook (every registration of that instance). */
    public synchronized void removeHook(EvaluationHook hook) {
        publish(Arrays.stream(hooks).filter(h -> h != hook).toArray(EvaluationHook[]::new));
    }

    private void publish(EvaluationHook[] current) {
        boolean reads = false;
        for (EvaluationHook hook : current) {
            reads |= hook.readsInputs();
        }
        hooksReadInputs = reads;
        hooks = current;
    }

    /**
     * Whether any registered hook is {@linkplain EvaluationHook#isActive() active} for the
     * evaluation starting now on this thread, for managers that skip work hooks would need to see.
     * Allocates nothing.
     */
    public boolean hasHooks() {
        EvaluationHook[] current = hooks;
        for (int i = 0; i < current.length; i++) {
            if (isActive(current[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isActive(EvaluationHook hook) {
        try {
            return hook.isActive();
        } catch (RuntimeException e) { // a broken hook runs, and its own failures are logged there
            return true;
        }
    }

    /**
     * Whether a registered hook reads {@link HookContext#context()} or {@link HookContext#defaultValue()}
     * (see {@link EvaluationHook#readsInputs()}). When none does, a manager may hand the hooks a
     * {@link HookContext} it keeps for the flag and type, with {@link EvaluationContext#EMPTY} and no
     * default, through {@link #before(HookContext)}, and so allocate nothing per evaluation.
     *
     * @return whether hooks need a {@link HookContext} built for each evaluation
     */
    public boolean hooksReadInputs() {
        return hooksReadInputs;
    }

    /**
     * Runs every hook's {@code before} for an evaluation that is about to happen.
     *
     * @param key the flag key
     * @param type the type asked for, or {@code null} for an untyped evaluation
     * @param defaultValue the caller's default, or {@code null}
     * @param context who the flag is evaluated for; {@code null} is shown to hooks as
     *     {@link EvaluationContext#EMPTY}
     * @return the evaluation to finish with {@link HookedEvaluation#after}, or {@code null} when no
     *     hook is registered or active
     */
    public @Nullable HookedEvaluation before(
            @Nullable String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            @Nullable EvaluationContext context) {
        if (!hasHooks()) {
            return null;
        }
        return before(new HookContext(
                String.valueOf(key), type, defaultValue, context == null ? EvaluationContext.EMPTY : context));
    }

    /**
     * Runs every hook's {@code before} with a {@link HookContext} the caller built, or keeps, for
     * this evaluation. The evaluation returned belongs to the calling thread and is reused for later
     * evaluations on it: finish it with {@link HookedEvaluation#after} once, on the same thread.
     *
     * @param evaluation what is about to be evaluated
     * @return the evaluation to finish with {@link HookedEvaluation#after}, or {@code null} when no
     *     hook is registered or active
     */
    public @Nullable HookedEvaluation before(HookContext evaluation) {
        EvaluationHook[] current = hooks;
        if (!hasHooks()) {
            return null;
        }
        HookedEvaluation hooked = frames.get().push(current, evaluation);
        for (int i = 0; i < current.length; i++) {
            // Asked once per evaluation: a hook inactive now sees neither before nor after of it.
            if (!isActive(current[i])) {
                hooked.data[i] = INACTIVE;
                continue;
            }
            try {
                hooked.data[i] = current[i].before(evaluation);
            } catch (RuntimeException e) { // a hook's failure must not change the evaluation
                hookFailed(current[i], evaluation, e);
            }
        }
        return hooked;
    }

    /**
     * One evaluation that hooks are running around: the hooks registered when it began (a hook
     * added meanwhile does not see only half of it) and what each one's {@code before} returned.
     * Frames are pooled per thread, strictly nested like the evaluations they serve, so that running
     * hooks allocates nothing once a thread has run them.
     */
    public final class HookedEvaluation {

        private final @Nullable Frames owner;
        private EvaluationHook[] hooks = NO_HOOKS;
        private @Nullable HookContext context;
        private @Nullable Object[] data = new Object[0];

        private HookedEvaluation(@Nullable Frames owner) {
            this.owner = owner;
        }

        private HookedEvaluation start(EvaluationHook[] current, HookContext evaluation) {
            this.hooks = current;
            this.context = evaluation;
            if (data.length < current.length) {
                data = new Object[current.length];
            }
            return this;
        }

        /**
         * Runs every hook's {@code after}, or {@code error} when the outcome is an error, with the
         * data its {@code before} returned.
         *
         * @param result the outcome the caller receives
         */
        public void after(EvaluationDetails<?> result) {
            EvaluationHook[] current = hooks;
            HookContext evaluation = context;
            if (evaluation == null) {
                return; // finished already
            }
            boolean failed = result.isError();
            for (int i = 0; i < current.length; i++) {
                Object handed = data[i];
                data[i] = null; // a pooled frame holds nothing of a finished evaluation
                if (handed == INACTIVE) {
                    continue;
                }
                try {
                    if (failed) {
                        current[i].error(evaluation, result, handed);
                    } else {
                        current[i].after(evaluation, result, handed);
                    }
                } catch (RuntimeException e) { // a hook's failure must not change the evaluation
                    hookFailed(current[i], evaluation, e);
                }
            }
            this.context = null;
            this.hooks = NO_HOOKS;
            if (owner != null) {
                owner.pop(this);
            }
        }
    }

    /** The hooked evaluations running on one thread, innermost last, and the frames kept for them. */
    private final class Frames {

        private final HookedEvaluation[] pool = new HookedEvaluation[POOLED_DEPTH];
        private int depth;

        HookedEvaluation push(EvaluationHook[] current, HookContext evaluation) {
            if (depth == POOLED_DEPTH) {
                return new HookedEvaluation(null).start(current, evaluation);
            }
            HookedEvaluation frame = pool[depth];
            if (frame == null) {
                frame = new HookedEvaluation(this);
                pool[depth] = frame;
            }
            depth++;
            return frame.start(current, evaluation);
        }

        void pop(HookedEvaluation frame) {
            // only the innermost frame pops: an evaluation whose after never ran leaves its frame
            // out of the pool rather than handing a live frame to the next evaluation
            if (depth > 0 && pool[depth - 1] == frame) {
                depth--;
            }
        }
    }

    private void hookFailed(EvaluationHook hook, HookContext context, RuntimeException e) {
        if (rateLimitedLog.permits(
                context.flagKey() + "/hook/" + hook.getClass().getName())) {
            log.error("Evaluation hook {} failed for flag '{}'", hook, context.flagKey(), e);
        }
    }

    // ---- memo scope ----

    /**
     * The memo of the current unit of work, for {@link FlagManager#current()}.
     *
     * @param scope where the manager finds the current memo
     * @param outside the view to use when the scope offers no memo or fails
     * @return the scope's memo, or {@code outside}
     */
    public FlagMemo current(MemoScope scope, FlagMemo outside) {
        FlagMemo memo;
        try {
            memo = scope.currentMemo();
        } catch (RuntimeException e) { // a broken scope must not break evaluation; fall back to the empty context
            if (rateLimitedLog.permits("memo-scope")) {
                log.error("Memo scope {} failed; evaluating for the empty context", scope, e);
            }
            memo = null;
        }
        return memo != null ? memo : outside;
    }

    // ---- listeners ----

    /** Registers a listener. */
    public void addListener(FlagChangeListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(FlagChangeListener listener) {
        listeners.remove(listener);
    }

    /** Tells every listener that these flags changed; see {@link FlagChangeListener#flagsChanged}. */
    public void flagsChanged(Set<String> changedKeys) {
        notifyListeners(listener -> listener.flagsChanged(changedKeys));
    }

    /** Tells every listener that a source loaded; see {@link FlagChangeListener#loadSucceeded}. */
    public void loadSucceeded(String source) {
        notifyListeners(listener -> listener.loadSucceeded(source));
    }

    /** Tells every listener that a source failed to load; see {@link FlagChangeListener#loadFailed}. */
    public void loadFailed(String source, RuntimeException error) {
        notifyListeners(listener -> listener.loadFailed(source, error));
    }

    /** Tells every listener that a failing source loaded again; see {@link FlagChangeListener#loadRecovered}. */
    public void loadRecovered(String source) {
        notifyListeners(listener -> listener.loadRecovered(source));
    }

    private void notifyListeners(Consumer<FlagChangeListener> call) {
        for (FlagChangeListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) { // a listener's failure must not stop the others or the reload
                log.error("Flag change listener {} failed", listener, e);
            }
        }
    }
}
