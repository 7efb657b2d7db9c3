package dev.flags.autoconfigure.admin;

import static java.util.Objects.requireNonNull;

import dev.flags.InspectableFlagManager;
import dev.flags.admin.AccessDeniedException;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.NotFoundException;
import dev.flags.autoconfigure.admin.FlagsAdminController.UnauthenticatedRequestException;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only experiment results of the admin API, under {@code flags.admin.base-path} (default
 * {@code /flags-admin/api}): {@code GET .../experiments} and {@code GET .../experiments/{key}}
 * show this process's results; with the JDBC sink, {@code ?source=database} computes them from
 * the table of every process since the experiment's start (across restarts).
 *
 * <p>It exists only where the admin API does (Spring Security present, or the API opened
 * explicitly), and reading a flag's results needs what reading the flag needs: the admin service
 * checks {@code READ} and the caller's owner or tag scope. The list shows the experiments the
 * caller may read. Refusals are Problem Details
 * ({@link dev.flags.autoconfigure.admin.FlagsAdminProblems}).
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}/experiments")
final class ExperimentResultsController {

    static final String PROCESS = "process";

    static final String DATABASE = "database";

    private final Experiments experiments;

    private final InspectableFlagManager flagManager;

    private final @Nullable DatabaseExperimentResults database;

    private final FlagAdmin admin;

    private final FlagsAdminActorResolver actors;

    ExperimentResultsController(
            Experiments experiments,
            InspectableFlagManager flagManager,
            @Nullable DatabaseExperimentResults database,
            FlagAdmin admin,
            FlagsAdminActorResolver actors) {
        this.experiments = experiments;
        this.flagManager = flagManager;
        this.database = database;
        this.admin = admin;
        this.actors = actors;
    }

    @GetMapping
    ResponseEntity<List<ExperimentResultsDescriptor>> experiments(
            @RequestParam(defaultValue = PROCESS) String source, HttpServletRequest request) {
        Actor actor = actor(request);
        if (!knownSource(source)) {
            return ResponseEntity.badRequest().build();
        }
        List<ExperimentResultsDescriptor> all = new ArrayList<>();
        for (ExperimentResults results : experiments.results()) {
            if (mayRead(actor, results.flagKey())) {
                all.add(ExperimentResultsDescriptor.of(
                        source.equals(PROCESS) ? results : fromDatabase(results.flagKey())));
            }
        }
        return ResponseEntity.ok(all);
    }

    @GetMapping("/{key}")
    ResponseEntity<ExperimentResultsDescriptor> experiment(
            @PathVariable String key, @RequestParam(defaultValue = PROCESS) String source, HttpServletRequest request) {
        admin.getFlag(actor(request), key); // 401, 403 or 404 as for reading the flag itself
        if (!knownSource(source)) {
            return ResponseEntity.badRequest().build();
        }
        ExperimentResults results = ExperimentResultsDescriptor.resultsOrNull(experiments, key);
        if (results == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(ExperimentResultsDescriptor.of(source.equals(PROCESS) ? results : fromDatabase(key)));
    }

    private boolean knownSource(String source) {
        return source.equals(PROCESS) || (source.equals(DATABASE) && database != null);
    }

    private Actor actor(HttpServletRequest request) {
        Actor actor = actors.resolve(request);
        if (actor.equals(Actor.ANONYMOUS)) {
            throw new UnauthenticatedRequestException();
        }
        return actor;
    }

    private boolean mayRead(Actor actor, String key) {
        try {
            admin.getFlag(actor, key);
            return true;
        } catch (AccessDeniedException | NotFoundException outOfReach) {
            return false;
        }
    }

    private ExperimentResults fromDatabase(String key) {
        FlagDefinition flag = requireNonNull(flagManager.definitions().flag(key), key);
        return requireNonNull(database).results(flag, Instant.now());
    }
}
