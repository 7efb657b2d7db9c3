package dev.flags.autoconfigure.actuate;

import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What experiments add to the {@code flags} endpoint. Contributed only with flags-experiments, so
 * that the endpoint itself names none of its types.
 */
interface EndpointExperiments {

    /** Runs evaluations (an explain) without recording exposures. */
    <T> T withoutExposures(Supplier<T> evaluations);

    /** Every experiment's results. */
    List<ExperimentResultsDescriptor> all();

    /** One experiment's results, or {@code null} when the flag is not one. */
    @Nullable
    ExperimentResultsDescriptor one(String flagKey);
}
