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
 * <p>When no hook is registered or none {@linkplain EvaluationHook#interest wants} an evaluation,
 * {@link #before} allocates nothing and returns {@code null}. When hooks run, the frames that carry
 * their data are pooled per thread, and a manager that keeps a {@link HookContext} per flag hands it
 * to the hooks when none of them wants the inputs: then running hooks allocates nothing either.
 */
public final class FlagManagerCallbacks {

    private static final EvaluationHook[] NO_HOOKS = new EvaluationHook[0];
    /** What a frame holds, instead of a hook's data, for a hook that did not want its evaluation. */
    private static final Object INACTIVE = new Object();
    /** Nested evaluations deeper than this on one thread get frames of their own instead of pooled ones. */
    private static final int POOLED_DEPTH = 16;

    private final Logger log;
    private final RateLimitedLog rateLimitedLog;
    private final List<FlagChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile EvaluationHook[] hooks = NO_HOOKS;
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
        hooks = current;
    }

    /**
     * Whether any hook is registered, for managers that skip work hooks would need to see. Whether a
     * hook runs for an evaluation is its own {@linkplain EvaluationHook#interest answer}, asked once in
     * {@link #before}. Allocates nothing.
     */
    public boolean hasHooks() {
        return hooks.length > 0;
    }

    /**
     * Runs the {@code before} of every hook that wants this evaluation, as each one's
     * {@linkplain EvaluationHook#interest interest} says, asked once here.
     *
     * @param key the flag key
     * @param type the type asked for, or {@code null} for an untyped evaluation
     * @param defaultValue the caller's default, or {@code null}
     * @param context who the flag is evaluated for; {@code null} is shown to hooks as
     *     {@link EvaluationContext#EMPTY}
     * @param kept a {@link HookContext} the manager keeps for this flag and type, with
     *     {@link EvaluationContext#EMPTY} and no default, handed to the hooks when none of them wants
     *     the inputs, so that the evaluation allocates nothing; {@code null} to build one each time
     * @return the evaluation to finish with {@link HookedEvaluation#after} once, on the same thread;
     *     {@code null} when no hook wants it. It belongs to the calling thread and is reused for later
     *     evaluations on it.
     */
    public @Nullable HookedEvaluation before(
            @Nullable String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            @Nullable EvaluationContext context,
            @Nullable HookContext kept) {
        HookedEvaluation hooked = interested(key);
        if (hooked != null) {
            hooked.begin(type, defaultValue, context, kept);
        }
        return hooked;
    }

    /**
     * The first half of {@link #before}: asks every hook's interest in this flag, once, and returns
     * the frame of the hooks that want the evaluation, or {@code null} when none does. For a manager
     * that decides from {@link HookedEvaluation#wantsInputs()} whether to build the context at all;
     * it must then call {@link HookedEvaluation#begin} and {@link HookedEvaluation#after}.
     */
    @Nullable
    HookedEvaluation interested(@Nullable String key) {
        EvaluationHook[] current = hooks;
        if (current.length == 0) {
            return null;
        }
        String flagKey = String.valueOf(key);
        HookedEvaluation hooked = null;
        boolean inputs = false;
        for (int i = 0; i < current.length; i++) {
            EvaluationHook.Interest interest = interest(current[i], flagKey);
            if (interest == EvaluationHook.Interest.NONE) {
                if (hooked != null) {
                    hooked.data[i] = INACTIVE;
                }
                continue;
            }
            if (hooked == null) { // the first hook that wants this evaluation: only now a frame
                hooked = frames.get().push(current);
                Arrays.fill(hooked.data, 0, i, INACTIVE);
            }
            hooked.data[i] = null;
            inputs |= interest == EvaluationHook.Interest.INPUTS;
        }
        if (hooked != null) {
            hooked.flagKey = flagKey;
            hooked.inputs = inputs;
        }
        return hooked;
    }

    /**
     * {@link #before(String, FlagType, Object, EvaluationContext, HookContext)} for a manager that keeps
     * no {@link HookContext}: one is built for each evaluation a hook wants.
     */
    public @Nullable HookedEvaluation before(
            @Nullable String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            @Nullable EvaluationContext context) {
        return before(key, type, defaultValue, context, null);
    }

    private static EvaluationHook.Interest interest(EvaluationHook hook, String flagKey) {
        try {
            EvaluationHook.Interest interest = hook.interest(flagKey);
            return interest == null ? EvaluationHook.Interest.INPUTS : interest;
        } catch (RuntimeException e) { // a broken hook runs, and its own failures are logged there
            return EvaluationHook.Interest.INPUTS;
        }
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
        private String flagKey = "";
        private boolean inputs;

        private HookedEvaluation(@Nullable Frames owner) {
            this.owner = owner;
        }

        /** Whether a hook that wants this evaluation reads its inputs: the context and the default. */
        boolean wantsInputs() {
            return inputs;
        }

        /**
         * The second half of {@link #before}: runs the {@code before} of every hook that wants the
         * evaluation, with the kept {@link HookContext} when none of them wants the inputs.
         */
        void begin(
                @Nullable FlagType type,
                @Nullable Object defaultValue,
                @Nullable EvaluationContext evaluated,
                @Nullable HookContext kept) {
            HookContext evaluation = !inputs && kept != null
                    ? kept
                    : new HookContext(
                            flagKey, type, defaultValue, evaluated == null ? EvaluationContext.EMPTY : evaluated);
            context = evaluation;
            EvaluationHook[] current = hooks;
            for (int i = 0; i < current.length; i++) {
                if (data[i] == INACTIVE) {
                    continue;
                }
                try {
                    data[i] = current[i].before(evaluation);
                } catch (RuntimeException e) { // a hook's failure must not change the evaluation
                    hookFailed(current[i], evaluation, e);
                }
            }
        }

        private HookedEvaluation start(EvaluationHook[] current) {
            this.hooks = current;
            this.context = null;
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

        HookedEvaluation push(EvaluationHook[] current) {
            if (depth == POOLED_DEPTH) {
                return new HookedEvaluation(null).start(current);
            }
            HookedEvaluation frame = pool[depth];
            if (frame == null) {
                frame = new HookedEvaluation(this);
                pool[depth] = frame;
            }
            depth++;
            return frame.start(current);
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
