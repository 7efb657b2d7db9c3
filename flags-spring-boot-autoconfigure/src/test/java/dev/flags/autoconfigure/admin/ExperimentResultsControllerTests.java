package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.admin.ValidationException;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import dev.flags.experiment.Experiments;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The admin API's read-only experiment results view. */
class ExperimentResultsControllerTests {

    private final WebApplicationContextRunner adminApi = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsAdminWebAutoConfiguration.class,
                    FlagsAdminExperimentsAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES);

    @Test
    void servesTheAdminResultsViewOnlyWithTheAdminApiAndItsPermissions() {
        WebApplicationContextRunner web =
                adminApi.withPropertyValues("flags.store.type=memory", "flags.admin.permissions.ROLE_VIEWER=READ");
        web.run(context -> {
            ExperimentResultsController controller = context.getBean(ExperimentResultsController.class);
            assertThat(context).hasSingleBean(FlagsAdminProblems.class);
            MockHttpServletRequest request = new MockHttpServletRequest();
            assertThatThrownBy(() -> controller.experiments("process", request))
                    .isInstanceOf(FlagsAdminController.UnauthenticatedRequestException.class);
            try {
                SecurityContextHolder.getContext()
                        .setAuthentication(new TestingAuthenticationToken("vera", "x", "ROLE_VIEWER"));
                assertThat(controller.experiments("process", request))
                        .singleElement()
                        .extracting(ExperimentResultsDescriptor::flag)
                        .isEqualTo("pricing");
                assertThat(controller.experiment("pricing", "process", request).flag())
                        .isEqualTo("pricing");
                assertThatThrownBy(() -> controller.experiment("nope", "process", request))
                        .isInstanceOf(dev.flags.admin.NotFoundException.class);
                assertThatThrownBy(() -> controller.experiment("pricing", "database", request))
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("source: 'database' needs the JDBC experiment sink");

                SecurityContextHolder.getContext()
                        .setAuthentication(new TestingAuthenticationToken("mallory", "x", "ROLE_NOBODY"));
                assertThatThrownBy(() -> controller.experiment("pricing", "process", request))
                        .isInstanceOf(dev.flags.admin.AccessDeniedException.class);
                assertThat(controller.experiments("process", request)).isEmpty();
            } finally {
                SecurityContextHolder.clearContext();
            }
        });
        web.withPropertyValues("flags.experiments.admin.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(Experiments.class)
                        .doesNotHaveBean(ExperimentResultsController.class));
        web.withPropertyValues("flags.store.type=none")
                .run(context -> assertThat(context)
                        .as("no admin API without a store, so no results view either")
                        .hasSingleBean(Experiments.class)
                        .doesNotHaveBean(ExperimentResultsController.class));
        web.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context)
                        .as("secure by default: no Spring Security and not opened")
                        .doesNotHaveBean(ExperimentResultsController.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsExperimentsAutoConfiguration.class,
                        FlagsAdminWebAutoConfiguration.class,
                        FlagsAdminExperimentsAutoConfiguration.class))
                .withPropertyValues(PricingExperiment.PROPERTIES)
                .run(context -> assertThat(context).doesNotHaveBean(ExperimentResultsController.class));
    }

    @Test
    void readsResultsFromTheJdbcSinksTableWithFlagsJdbcAndOnlyThisProcessWithout() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:experiments-admin-view;DB_CLOSE_DELAY=-1");
        WebApplicationContextRunner web = adminApi.withPropertyValues(
                        "flags.store.type=memory", "flags.admin.permissions.ROLE_VIEWER=READ")
                .withBean(DataSource.class, () -> dataSource);
        MockHttpServletRequest request = new MockHttpServletRequest();
        try {
            SecurityContextHolder.getContext()
                    .setAuthentication(new TestingAuthenticationToken("vera", "x", "ROLE_VIEWER"));
            web.withPropertyValues("flags.experiments.jdbc.enabled=true").run(context -> {
                ExperimentResultsController before = context.getBean(ExperimentResultsController.class);
                assertThatThrownBy(() -> before.experiment("pricing", "database", request))
                        .as("no event yet, so the sink has not created its table")
                        .isInstanceOf(ExperimentResultsUnavailableException.class)
                        .hasMessageStartingWith(
                                "The results of experiment 'pricing' could not be read from the JDBC sink's table")
                        .hasCauseInstanceOf(IllegalStateException.class);
                context.getBean(FlagManager.class).getString("pricing", "standard", EvaluationContext.of("ann"));
                context.getBean(Experiments.class).close(); // drains the queue into the table
                ExperimentResultsController controller = context.getBean(ExperimentResultsController.class);
                ExperimentResultsDescriptor fromDatabase = controller.experiment("pricing", "database", request);
                assertThat(fromDatabase.trackedUsers()).isEqualTo(1);
            });
            web.withClassLoader(new FilteredClassLoader("dev.flags.jdbc")).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(DatabaseExperimentResults.class);
                ExperimentResultsController controller = context.getBean(ExperimentResultsController.class);
                assertThat(controller.experiment("pricing", "process", request).flag())
                        .isEqualTo("pricing");
                assertThatThrownBy(() -> controller.experiment("pricing", "database", request))
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("source: 'database' needs the JDBC experiment sink");
            });
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void withoutFlagsExperimentsTheAdminApiServesNoResultsViewAndStarts() {
        adminApi.withPropertyValues("flags.store.type=memory")
                .withClassLoader(new FilteredClassLoader("dev.flags.experiment"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(FlagsAdminController.class)
                        .doesNotHaveBean(Experiments.class)
                        .doesNotHaveBean(ExperimentResultsController.class));
    }

    @Test
    void onWebFluxTheReactiveBindingServesTheViewUnderTheSameConditions() {
        ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsAdminWebFluxAutoConfiguration.class,
                        FlagsAdminExperimentsAutoConfiguration.class,
                        FlagsExperimentsAutoConfiguration.class))
                .withPropertyValues(PricingExperiment.PROPERTIES)
                .withPropertyValues("flags.store.type=memory", "flags.admin.permissions.ROLE_VIEWER=READ");
        reactive.run(context -> assertThat(context)
                .hasSingleBean(ReactiveExperimentResultsController.class)
                .hasSingleBean(ReactiveFlagsAdminProblems.class)
                .hasSingleBean(ExposureFreeEvaluation.class)
                .doesNotHaveBean(ExperimentResultsController.class));
        reactive.withPropertyValues("flags.experiments.admin.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(ReactiveFlagsAdminController.class)
                        .doesNotHaveBean(ReactiveExperimentResultsController.class));
        reactive.withPropertyValues("flags.store.type=none")
                .run(context -> assertThat(context)
                        .as("no admin API without a store, so no results view either")
                        .hasSingleBean(Experiments.class)
                        .doesNotHaveBean(ReactiveExperimentResultsController.class));
        reactive.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context)
                        .as("secure by default: no Spring Security and not opened")
                        .doesNotHaveBean(ReactiveExperimentResultsController.class));
        reactive.withClassLoader(new FilteredClassLoader("dev.flags.experiment"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(ReactiveFlagsAdminController.class)
                        .doesNotHaveBean(ReactiveExperimentResultsController.class));
    }
}
