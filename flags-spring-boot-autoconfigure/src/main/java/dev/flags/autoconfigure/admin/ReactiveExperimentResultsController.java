package dev.flags.autoconfigure.admin;

import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Read-only experiment results of the admin API on WebFlux: the paths, JSON, permissions and
 * Problem Details of the Spring MVC binding ({@link ExperimentResultsController}), since both call
 * {@link FlagsAdminExperimentResults}. The caller comes from the {@link
 * ReactiveFlagsAdminActorResolver}; the admin service and {@code ?source=database} (JDBC) block, so
 * the work runs on Reactor's bounded elastic scheduler, never on the event loop, as in {@link
 * ReactiveFlagsAdminController}.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}/experiments")
final class ReactiveExperimentResultsController {

    private final FlagsAdminExperimentResults results;

    private final ReactiveFlagsAdminActorResolver actors;

    ReactiveExperimentResultsController(FlagsAdminExperimentResults results, ReactiveFlagsAdminActorResolver actors) {
        this.results = results;
        this.actors = actors;
    }

    @GetMapping
    Mono<List<ExperimentResultsDescriptor>> experiments(
            @RequestParam(defaultValue = FlagsAdminExperimentResults.PROCESS) String source,
            ServerWebExchange exchange) {
        return ReactiveFlagsAdminController.call(actors, exchange, actor -> results.list(actor, source));
    }

    @GetMapping("/{key}")
    Mono<ExperimentResultsDescriptor> experiment(
            @PathVariable String key,
            @RequestParam(defaultValue = FlagsAdminExperimentResults.PROCESS) String source,
            ServerWebExchange exchange) {
        return ReactiveFlagsAdminController.call(actors, exchange, actor -> results.one(actor, key, source));
    }
}
