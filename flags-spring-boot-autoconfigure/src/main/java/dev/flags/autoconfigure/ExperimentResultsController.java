package dev.flags.autoconfigure;

import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only experiment results of the admin API, under {@code flags.admin.base-path} (default
 * {@code /flags-admin/api}): {@code GET .../experiments} and {@code GET .../experiments/{key}}.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}/experiments")
final class ExperimentResultsController {

    private final Experiments experiments;

    ExperimentResultsController(Experiments experiments) {
        this.experiments = experiments;
    }

    @GetMapping
    List<ExperimentResultsDescriptor> experiments() {
        List<ExperimentResultsDescriptor> all = new ArrayList<>();
        for (ExperimentResults results : experiments.results()) {
            all.add(ExperimentResultsDescriptor.of(results));
        }
        return all;
    }

    @GetMapping("/{key}")
    ResponseEntity<ExperimentResultsDescriptor> experiment(@PathVariable String key) {
        ExperimentResults results = ExperimentResultsDescriptor.resultsOrNull(experiments, key);
        return results == null
                ? ResponseEntity.notFound().build()
                : ResponseEntity.ok(ExperimentResultsDescriptor.of(results));
    }
}
