package dev.flags.autoconfigure.admin;

import dev.flags.InspectableFlagManager;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.experiment.ExperimentAnalysis;
import dev.flags.experiment.Experiments;
import dev.flags.jdbc.JdbcExperimentResults;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The admin API's read-only experiment results view ({@link FlagsAdminExperimentResults}), on
 * Spring MVC ({@link ExperimentResultsController}) and on WebFlux ({@link
 * ReactiveExperimentResultsController}): only where the admin API itself is (a store, and Spring
 * Security or an explicitly opened API), with the same permission checks, and with
 * flags-experiments. With flags-jdbc and the JDBC sink, the view also computes results from the
 * sink's table. Off with {@code flags.experiments.admin.enabled=false}.
 */
@AutoConfiguration(
        after = {
            FlagsAdminWebAutoConfiguration.class,
            FlagsAdminWebFluxAutoConfiguration.class,
            FlagsExperimentsAutoConfiguration.class
        })
@ConditionalOnWebApplication
@ConditionalOnClass({RestController.class, FlagAdmin.class, Experiments.class})
@ConditionalOnBean({FlagAdmin.class, Experiments.class})
@ConditionalOnBooleanProperty(name = "flags.experiments.admin.enabled", matchIfMissing = true)
@ImportRuntimeHints(FlagsAdminExperimentsRuntimeHints.class)
public final class FlagsAdminExperimentsAutoConfiguration {

    /** The view on Spring MVC, where the admin API's servlet binding is. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBean(FlagsAdminActorResolver.class)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ExperimentResultsController flagsExperimentResultsController(
                Experiments experiments,
                InspectableFlagManager flagManager,
                ObjectProvider<DatabaseExperimentResults> database,
                FlagAdmin admin,
                FlagsAdminActorResolver actors) {
            return new ExperimentResultsController(
                    new FlagsAdminExperimentResults(experiments, flagManager, database.getIfAvailable(), admin),
                    actors);
        }

        /** The admin API's explain records no exposure. */
        @Bean
        @ConditionalOnMissingBean
        ExposureFreeEvaluation flagsAdminExposureFreeEvaluation(Experiments experiments) {
            return experiments::withoutExposures;
        }
    }

    /**
     * The view on WebFlux, where the admin API's reactive binding is (which also makes the explain
     * record no exposure).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(Mono.class)
    @ConditionalOnBean(ReactiveFlagsAdminActorResolver.class)
    static class ReactiveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactiveExperimentResultsController flagsReactiveExperimentResultsController(
                Experiments experiments,
                InspectableFlagManager flagManager,
                ObjectProvider<DatabaseExperimentResults> database,
                FlagAdmin admin,
                ReactiveFlagsAdminActorResolver actors) {
            return new ReactiveExperimentResultsController(
                    new FlagsAdminExperimentResults(experiments, flagManager, database.getIfAvailable(), admin),
                    actors);
        }
    }

    /** {@code ?source=database}: results from the JDBC sink's table, with flags-jdbc. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcExperimentResults.class)
    @ConditionalOnBean(JdbcExperimentResults.class)
    static class DatabaseResultsConfiguration {

        @Bean
        DatabaseExperimentResults flagsDatabaseExperimentResults(
                JdbcExperimentResults results, ObjectProvider<ExperimentAnalysis> analysis) {
            ExperimentAnalysis chosen = analysis.getIfAvailable(() -> ExperimentAnalysis.DEFAULT);
            return (flag, now) -> results.results(flag, now, chosen);
        }
    }
}
