package dev.flags.autoconfigure.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.experiment.ExperimentAnalysis;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import dev.flags.jdbc.JdbcExperimentResults;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The JDBC results cover every instance, across restarts: two application contexts write their
 * events to one PostgreSQL table at the same time, a user exposed on one converts on the other, and
 * a third context started after both stopped reads the results of all of them.
 */
class DatabaseResultsAcrossInstancesTests {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String table = "exp_fleet_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    private final ApplicationContextRunner instance = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES)
            .withPropertyValues(
                    "spring.datasource.url=" + URL,
                    "spring.datasource.username=postgres",
                    "flags.experiments.jdbc.enabled=true",
                    "flags.experiments.jdbc.table=" + table);

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static String expose(ApplicationContext context, String user) {
        return context.getBean(InspectableFlagManager.class)
                .getString("pricing", "standard", EvaluationContext.of(user));
    }

    @Test
    void resultsFromTheTableCoverBothInstancesAndSurviveARestart() {
        Map<String, String> variants = new HashMap<>();
        Map<String, Integer> converting = new HashMap<>(Map.of("standard", 0, "discount", 0));
        instance.run(one -> instance.run(two -> {
            for (int i = 0; i < 40; i++) {
                ApplicationContext exposing = i < 20 ? one : two;
                variants.put("user-" + i, expose(exposing, "user-" + i));
            }
            // a user exposed on one instance is exposed again on the other: still one user
            expose(two, "user-3");
            // users exposed on one instance buy on the other, which has never seen them
            for (int i = 0; i < 40; i += 3) {
                ApplicationContext buying = i < 20 ? two : one;
                buying.getBean(Experiments.class).track("purchase", EvaluationContext.of("user-" + i), 10 + i);
                converting.merge(variants.get("user-" + i), 1, Integer::sum);
            }
            assertThat(one.getBean(Experiments.class).results("pricing").trackedUsers())
                    .isEqualTo(20);
            assertThat(two.getBean(Experiments.class).results("pricing").trackedUsers())
                    .isEqualTo(21);
        })); // closing each context drains its sink into the table

        instance.run(restarted -> {
            assertThat(restarted.getBean(Experiments.class).results("pricing").trackedUsers())
                    .as("nothing in this process yet")
                    .isZero();
            ExperimentResults results = restarted
                    .getBean(JdbcExperimentResults.class)
                    .results(
                            restarted
                                    .getBean(InspectableFlagManager.class)
                                    .definitions()
                                    .flag("pricing"),
                            Instant.now(),
                            restarted.getBean(ExperimentAnalysis.class));
            assertThat(results.trackedUsers()).isEqualTo(40);
            assertThat(results.crossoverExposures()).isZero();
            for (String variant : new String[] {"standard", "discount"}) {
                long exposed =
                        variants.values().stream().filter(variant::equals).count();
                assertThat(results.variant(variant).exposedUsers()).as(variant).isEqualTo(exposed);
                assertThat(results.variant(variant).conversion("purchase").convertingUsers())
                        .as(variant)
                        .isEqualTo(converting.get(variant).longValue());
                assertThat(results.metric("purchase").variant(variant).values().sum())
                        .as(variant)
                        .isEqualTo(converting.get(variant).doubleValue());
            }
        });
    }
}
