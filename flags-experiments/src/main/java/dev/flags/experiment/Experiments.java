package dev.flags.experiment;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.spi.ExperimentEventSink;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records experiment exposures and conversions for the flags of one {@link FlagManager} and
 * computes per-variant results. Build one with {@link #builder(InspectableFlagManager)}; it installs an
 * evaluation hook on the manager, so every evaluation through the manager's getters (and the
 * Spring starter's {@code @Variant} dispatch, which uses them) that assigns an experiment's variant
 * records an exposure. Close it to stop recording and drain the event queue.
 *
 * <p><b>ExposureEvent.</b> Recorded when an evaluation, inside the experiment's window, serves a variant
 * of the distribution that assigns the experiment (reason {@code SPLIT} from the fallthrough or the
 * experiment's rule) to a context with a targeting key. Individual targets, other rules, evaluations
 * without a targeting key and evaluations outside the window record nothing. Exposures passed to
 * sinks are deduplicated per targeting key, flag and variant within a window, in bounded memory.
 * {@link #peek} and {@link #withoutExposures} evaluate without recording.
 *
 * <p><b>ConversionEvent.</b> {@link #track} credits a conversion to the variant each experiment that
 * measures it and runs now first exposed this targeting key to; conversions before the exposure
 * are not credited.
 *
 * <p>All methods are thread-safe and never block on sinks.
 */
public interface Experiments extends AutoCloseable {

    /**
     * Starts building experiments over a manager's flags.
     *
     * @param flags the manager whose evaluations are recorded
     * @return the builder
     */
    static ExperimentsBuilder builder(InspectableFlagManager flags) {
        return new ExperimentsBuilder(flags);
    }

    /**
     * Evaluates a flag without recording an exposure, to look at an assignment without using it.
     *
     * @param flagKey the flag key
     * @param context who the flag is evaluated for
     * @return the details, as {@link FlagManager#evaluate(String, EvaluationContext)} returns them
     */
    EvaluationDetails<Object> peek(String flagKey, EvaluationContext context);

    /**
     * Runs evaluations on this thread without recording exposures, for example an Actuator explain
     * or a bulk evaluation that bootstraps a front end (which then reports what it uses through
     * {@link #recordExposure}). Evaluations here that fill a {@link dev.flags.FlagMemo} (the
     * manager's methods without a context, in a request) leave answers in it that later calls get
     * without recording; prefer {@link #peek} for single flags.
     *
     * @param <T> the result type
     * @param evaluations the work
     * @return its result
     */
    <T> T withoutExposures(Supplier<T> evaluations);

    /**
     * Records an exposure for an outcome obtained without one (after {@link #peek}, for example);
     * evaluations through the manager's getters record by themselves.
     *
     * @param details the outcome that is being used
     * @param context who it was evaluated for
     * @return whether an exposure event was passed to the sinks (not a duplicate within the
     *     deduplication window, and an assignment of a running experiment)
     */
    boolean recordExposure(EvaluationDetails<?> details, EvaluationContext context);

    /**
     * Tracks a conversion for the context's targeting key.
     *
     * @param conversion the conversion name, as listed in experiments' {@code conversions}
     * @param context who converted; without a targeting key nothing is tracked
     * @return how many running experiments credited it
     */
    int track(String conversion, EvaluationContext context);

    /**
     * Tracks a conversion with a value, for example an order total.
     *
     * @param conversion the conversion name
     * @param context who converted
     * @param value the amount
     * @return how many running experiments credited it
     */
    int track(String conversion, EvaluationContext context, double value);

    /**
     * The sink to hand to producers of conversion events, such as the OpenFeature provider
     * ({@code FlagsProvider.of(flags, experiments.trackingSink())}): conversions it receives are
     * {@linkplain #track tracked}, exposures are {@linkplain #recordExposure recorded}, as if called
     * here; windows and attribution use this component's clock, the events keep their own time.
     *
     * @return the sink; closing it does nothing
     */
    ExperimentEventSink trackingSink();

    /**
     * The results of one experiment, from the users this process recorded since it started (or
     * since the experiment's start or conversions last changed). They are exact for the users kept
     * ({@link ExperimentResults#trackedUsers()}); they do not include other processes or earlier
     * runs: aggregate sink records for that.
     *
     * @param flagKey the experiment's flag key
     * @return the results
     * @throws IllegalArgumentException when the flag is not an experiment
     */
    ExperimentResults results(String flagKey);

    /**
     * The results of every experiment currently defined, in definition order.
     *
     * @return the results
     */
    List<ExperimentResults> results();

    /**
     * Events dropped because the sink queue was full (or closed) since start; a non-zero value
     * means sinks are slower than traffic.
     *
     * @return the count
     */
    long droppedEvents();

    /** Stops recording, drains queued events to the sinks (up to the drain timeout) and closes them. */
    @Override
    void close();
}
