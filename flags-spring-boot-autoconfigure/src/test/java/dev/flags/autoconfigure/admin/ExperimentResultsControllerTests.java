package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
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
                assertThat(controller.experiments("process", request).getBody())
                        .singleElement()
                        .extracting(ExperimentResultsDescriptor::flag)
                        .isEqualTo("pricing");
                assertThat(controller
                                .experiment("pricing", "process", request)
                                .getStatusCode()
                                .value())
                        .isEqualTo(200);
                assertThatThrownBy(() -> controller.experiment("nope", "process", request))
                        .isInstanceOf(dev.flags.admin.NotFoundException.class);
                assertThat(controller
                                .experiment("pricing", "database", request)
                                .getStatusCode()
                                .value())
                        .isEqualTo(400);

                SecurityContextHolder.getContext()
                        .setAuthentication(new TestingAuthenticationToken("mallory", "x", "ROLE_NOBODY"));
                assertThatThrownBy(() -> controller.experiment("pricing", "process", request))
                        .isInstanceOf(dev.flags.admin.AccessDeniedException.class);
                assertThat(controller.experiments("process", request).getBody()).isEmpty();
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
                context.getBean(FlagManager.class).getString("pricing", "standard", EvaluationContext.of("ann"));
                context.getBean(Experiments.class).close(); // drains the queue into the table
                ExperimentResultsController controller = context.getBean(ExperimentResultsController.class);
                var fromDatabase = controller.experiment("pricing", "database", request);
                assertThat(fromDatabase.getStatusCode().value()).isEqualTo(200);
                assertThat(fromDatabase.getBody().trackedUsers()).isEqualTo(1);
            });
            web.withClassLoader(new FilteredClassLoader("dev.flags.jdbc")).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(DatabaseExperimentResults.class);
                ExperimentResultsController controller = context.getBean(ExperimentResultsController.class);
                assertThat(controller
                                .experiment("pricing", "process", request)
                                .getStatusCode()
                                .value())
                        .isEqualTo(200);
                assertThat(controller
                                .experiment("pricing", "database", request)
                                .getStatusCode()
                                .value())
                        .isEqualTo(400);
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
}
