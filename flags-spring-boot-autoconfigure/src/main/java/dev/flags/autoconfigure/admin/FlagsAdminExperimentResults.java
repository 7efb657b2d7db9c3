package dev.flags.autoconfigure.admin;

import dev.flags.InspectableFlagManager;
import dev.flags.admin.AccessDeniedException;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.NotFoundException;
import dev.flags.admin.ValidationException;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's read-only experiment results, free of either web stack: {@code GET
 * .../experiments} ({@link #list}) and {@code GET .../experiments/{key}} ({@link #one}), from this
 * process ({@code source=process}, the default) or, with the JDBC sink, from the table of every
 * process ({@code source=database}). Reading a flag's results needs what reading the flag needs
 * (the admin service checks {@code READ} and the caller's scope); the list shows what the caller
 * may read. A source that is not served is a 400 naming {@code source}, a flag that is not an
 * experiment a 404, a table that cannot be read a 503. {@link ExperimentResultsController} (Spring MVC) and
 * {@link ReactiveExperimentResultsController} (WebFlux, off the event loop, as the database read
 * blocks) bind it.
 */
final class FlagsAdminExperimentResults {

    static final String PROCESS = "process";

    static final String DATABASE = "database";

    private static final String REQUEST = "request";

    private final Experiments experiments;

    private final InspectableFlagManager flagManager;

    private final @Nullable DatabaseExperimentResults database;

    private final FlagAdmin admin;

    FlagsAdminExperimentResults(
            Experiments experiments,
            InspectableFlagManager flagManager,
            @Nullable DatabaseExperimentResults database,
            FlagAdmin admin) {
        this.experiments = experiments;
        this.flagManager = flagManager;
        this.database = database;
        this.admin = admin;
    }

    /** The results of every experiment the caller, already known to be someone, may read. */
    List<ExperimentResultsDescriptor> list(Actor actor, String source) {
        checkSource(source);
        List<ExperimentResultsDescriptor> all = new ArrayList<>();
        for (ExperimentResults results : experiments.results()) {
            if (mayRead(actor, results.flagKey())) {
                ExperimentResults shown = source.equals(PROCESS) ? results : fromDatabase(results.flagKey());
                if (shown != null) {
                    all.add(ExperimentResultsDescriptor.of(shown));
                }
            }
        }
        return all;
    }

    /** One experiment's results, for a caller already known to be someone. */
    ExperimentResultsDescriptor one(Actor actor, String key, String source) {
        admin.getFlag(actor, key); // 403 or 404 as for reading the flag itself
        checkSource(source);
        ExperimentResults results = ExperimentResultsDescriptor.resultsOrNull(experiments, key);
        if (results != null && !source.equals(PROCESS)) {
            results = fromDatabase(key);
        }
        if (results == null) {
            throw new ExperimentNotFoundException(key);
        }
        return ExperimentResultsDescriptor.of(results);
    }

    private void checkSource(String source) {
        if (source.equals(PROCESS) || (source.equals(DATABASE) && database != null)) {
            return;
        }
        String message = source.equals(DATABASE)
                ? "'database' needs the JDBC experiment sink (flags.experiments.jdbc.enabled=true); use 'process'"
                : "must be 'process'" + (database == null ? "" : " or 'database'") + ", not '" + source + "'";
        throw new ValidationException(List.of(new DefinitionError(REQUEST, "source", message)));
    }

    private boolean mayRead(Actor actor, String key) {
        try {
            admin.getFlag(actor, key);
            return true;
        } catch (AccessDeniedException | NotFoundException outOfReach) {
            return false;
        }
    }

    /** {@code null} when the engine no longer knows the flag (removed since the list was read). */
    private @Nullable ExperimentResults fromDatabase(String key) {
        FlagDefinition flag = flagManager.definitions().flag(key);
        DatabaseExperimentResults table = database;
        if (flag == null || table == null) {
            return null;
        }
        try {
            return table.results(flag, Instant.now());
        } catch (IllegalStateException unreadable) { // what JdbcExperimentResults throws for any SQLException
            throw new ExperimentResultsUnavailableException(key, unreadable);
        }
    }
}
