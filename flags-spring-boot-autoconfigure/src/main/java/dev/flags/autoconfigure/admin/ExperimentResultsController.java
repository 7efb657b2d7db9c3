package dev.flags.autoconfigure.admin;

import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only experiment results of the admin API on Spring MVC, under {@code flags.admin.base-path}
 * (default {@code /flags-admin/api}): {@code GET .../experiments} and {@code GET
 * .../experiments/{key}} show this process's results; with the JDBC sink, {@code ?source=database}
 * computes them from the table of every process since the experiment's start (across restarts).
 *
 * <p>It exists only where the admin API does (Spring Security present, or the API opened
 * explicitly); what it answers, and who may read it, is {@link FlagsAdminExperimentResults}', shared
 * with the WebFlux binding ({@link ReactiveExperimentResultsController}). Refusals are Problem
 * Details ({@link dev.flags.autoconfigure.admin.FlagsAdminProblems}).
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}/experiments")
final class ExperimentResultsController {

    private final FlagsAdminExperimentResults results;

    private final FlagsAdminActorResolver actors;

    ExperimentResultsController(FlagsAdminExperimentResults results, FlagsAdminActorResolver actors) {
        this.results = results;
        this.actors = actors;
    }

    @GetMapping
    List<ExperimentResultsDescriptor> experiments(
            @RequestParam(defaultValue = FlagsAdminExperimentResults.PROCESS) String source,
            HttpServletRequest request) {
        return results.list(FlagsAdminApi.authenticated(actors.resolve(request)), source);
    }

    @GetMapping("/{key}")
    ExperimentResultsDescriptor experiment(
            @PathVariable String key,
            @RequestParam(defaultValue = FlagsAdminExperimentResults.PROCESS) String source,
            HttpServletRequest request) {
        return results.one(FlagsAdminApi.authenticated(actors.resolve(request)), key, source);
    }
}
