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
 * {@link #before} allocates nothing and returns {@code null}.
 */
public final class FlagManagerCallbacks {

    private static final EvaluationHook[] NO_HOOKS = new EvaluationHook[0];

    private final Logger log;
    private final RateLimitedLog rateLimitedLog;
    private final List<FlagChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile EvaluationHook[] hooks = NO_HOOKS;

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
        hooks = more;
    }

    /** Removes a hook (every registration of that instance). */
    public synchronized void removeHook(EvaluationHook hook) {
        hooks = Arrays.stream(hooks).filter(h -> h != hook).toArray(EvaluationHook[]::new);
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

    /** The hooks active now: {@code all} itself when every one is, so that nothing is copied then. */
    private static EvaluationHook[] active(EvaluationHook[] all) {
        int active = 0;
        for (int i = 0; i < all.length; i++) {
            if (isActive(all[i])) {
                active++;
            }
        }
        if (active == all.length) {
            return all;
        }
        EvaluationHook[] some = new EvaluationHook[active];
        int next = 0;
        for (int i = 0; i < all.length && next < active; i++) {
            if (isActive(all[i])) {
                some[next++] = all[i];
            }
        }
        return some;
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
     *     hook is registered or none is {@linkplain EvaluationHook#isActive() active}
     */
    public @Nullable HookedEvaluation before(
            @Nullable String key,
            @Nullable FlagType type,
            @Nullable Object defaultValue,
            @Nullable EvaluationContext context) {
        EvaluationHook[] current = hooks;
        if (current.length == 0) {
            return null;
        }
        current = active(current);
        if (current.length == 0) {
            return null;
        }
        HookedEvaluation evaluation = new HookedEvaluation(
                current,
                new HookContext(
                        String.valueOf(key), type, defaultValue, context == null ? EvaluationContext.EMPTY : context));
        for (int i = 0; i < current.length; i++) {
            try {
                evaluation.data[i] = current[i].before(evaluation.context);
            } catch (RuntimeException e) { // a hook's failure must not change the evaluation
                hookFailed(current[i], evaluation.context, e);
            }
        }
        return evaluation;
    }

    /**
     * One evaluation that hooks are running around: the hooks registered when it began (a hook
     * added meanwhile does not see only half of it) and what each one's {@code before} returned.
     */
    public final class HookedEvaluation {

        private final EvaluationHook[] hooks;
        private final HookContext context;
        private final @Nullable Object[] data;

        private HookedEvaluation(EvaluationHook[] hooks, HookContext context) {
            this.hooks = hooks;
            this.context = context;
            this.data = new Object[hooks.length];
        }

        /**
         * Runs every hook's {@code after}, or {@code error} when the outcome is an error, with the
         * data its {@code before} returned.
         *
         * @param result the outcome the caller receives
         */
        public void after(EvaluationDetails<?> result) {
            boolean failed = result.isError();
            for (int i = 0; i < hooks.length; i++) {
                try {
                    if (failed) {
                        hooks[i].error(context, result, data[i]);
                    } else {
                        hooks[i].after(context, result, data[i]);
                    }
                } catch (RuntimeException e) { // a hook's failure must not change the evaluation
                    hookFailed(hooks[i], context, e);
                }
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
