package dev.flags.autoconfigure.admin;

import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentResults;
import java.time.Instant;

/**
 * An experiment's results computed from the events of every process (the JDBC sink's table), for
 * the results view's {@code ?source=database}; kept apart so that the view does not name a type of
 * flags-jdbc, which may be missing.
 */
@FunctionalInterface
interface DatabaseExperimentResults {

    ExperimentResults results(FlagDefinition flag, Instant now);
}
