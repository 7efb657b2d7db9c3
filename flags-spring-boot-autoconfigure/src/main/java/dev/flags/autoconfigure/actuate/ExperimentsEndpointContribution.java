package dev.flags.autoconfigure.actuate;

import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The endpoint's experiment results and exposure-free explain, over {@link Experiments}. */
final class ExperimentsEndpointContribution implements EndpointExperiments {

    private final Experiments experiments;

    ExperimentsEndpointContribution(Experiments experiments) {
        this.experiments = experiments;
    }

    @Override
    public <T> T withoutExposures(Supplier<T> evaluations) {
        return experiments.withoutExposures(evaluations);
    }

    @Override
    public List<ExperimentResultsDescriptor> all() {
        List<ExperimentResultsDescriptor> all = new ArrayList<>();
        for (ExperimentResults results : experiments.results()) {
            all.add(ExperimentResultsDescriptor.of(results));
        }
        return all;
    }

    @Override
    public @Nullable ExperimentResultsDescriptor one(String flagKey) {
        ExperimentResults results = ExperimentResultsDescriptor.resultsOrNull(experiments, flagKey);
        return results == null ? null : ExperimentResultsDescriptor.of(results);
    }
}
