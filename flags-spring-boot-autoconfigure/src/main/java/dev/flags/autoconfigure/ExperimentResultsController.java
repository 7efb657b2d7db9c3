package dev.flags.autoconfigure;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.JdbcExperimentResults;
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
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}/experiments")
final class ExperimentResultsController {

    static final String PROCESS = "process";

    static final String DATABASE = "database";

    private final Experiments experiments;

    private final FlagManager flagManager;

    private final @Nullable JdbcExperimentResults database;

    ExperimentResultsController(
            Experiments experiments, FlagManager flagManager, @Nullable JdbcExperimentResults database) {
        this.experiments = experiments;
        this.flagManager = flagManager;
        this.database = database;
    }

    @GetMapping
    ResponseEntity<List<ExperimentResultsDescriptor>> experiments(@RequestParam(defaultValue = PROCESS) String source) {
        if (!source.equals(PROCESS) && !(source.equals(DATABASE) && database != null)) {
            return ResponseEntity.badRequest().build();
        }
        List<ExperimentResultsDescriptor> all = new ArrayList<>();
        for (ExperimentResults results : experiments.results()) {
            all.add(ExperimentResultsDescriptor.of(source.equals(PROCESS) ? results : fromDatabase(results.flagKey())));
        }
        return ResponseEntity.ok(all);
    }

    @GetMapping("/{key}")
    ResponseEntity<ExperimentResultsDescriptor> experiment(
            @PathVariable String key, @RequestParam(defaultValue = PROCESS) String source) {
        if (!source.equals(PROCESS) && !(source.equals(DATABASE) && database != null)) {
            return ResponseEntity.badRequest().build();
        }
        ExperimentResults results = ExperimentResultsDescriptor.resultsOrNull(experiments, key);
        if (results == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(ExperimentResultsDescriptor.of(source.equals(PROCESS) ? results : fromDatabase(key)));
    }

    private ExperimentResults fromDatabase(String key) {
        FlagDefinition flag = requireNonNull(flagManager.definitions().flag(key), key);
        return requireNonNull(database).results(flag, Instant.now());
    }
}
