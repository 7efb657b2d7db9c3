package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class TestDatabaseTests {

    private static final TestDatabase.Connector POSTGRES = TestDatabases::postgres;

    private static final TestDatabase.Connector H2 = (url, user, password) -> {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    };

    @Test
    void skipsTheTestClassWithOneLineNamingTheAddressWhenNoServerAnswers() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test";
        TestDatabase database = database(POSTGRES, Map.of("FLAGS_TEST_POSTGRES_URL", url));

        ConditionEvaluationResult result = database.evaluate("PostgresFlagStoreTests");

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValue("PostgreSQL not reachable at " + url
                        + " (set FLAGS_TEST_POSTGRES_URL); skipping PostgresFlagStoreTests");
    }

    @Test
    void failsInsteadOfSkippingWhenDatabasesAreRequired() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test";
        TestDatabase database =
                database(POSTGRES, Map.of("FLAGS_TEST_POSTGRES_URL", url, "FLAGS_TEST_REQUIRE_DATABASES", "true"));

        assertThatThrownBy(() -> database.evaluate("PostgresFlagStoreTests"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PostgreSQL not reachable at " + url + " (set FLAGS_TEST_POSTGRES_URL);"
                        + " FLAGS_TEST_REQUIRE_DATABASES=true, so PostgresFlagStoreTests fails instead of skipping")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void runsTheTestClassWhenTheServerAnswers() {
        TestDatabase database = database(
                H2, Map.of("FLAGS_TEST_POSTGRES_URL", "jdbc:h2:mem:answers", "FLAGS_TEST_REQUIRE_DATABASES", "true"));

        ConditionEvaluationResult result = database.evaluate("PostgresFlagStoreTests");

        assertThat(result.isDisabled()).isFalse();
        assertThat(result.getReason()).hasValue("PostgreSQL reachable at jdbc:h2:mem:answers");
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironmentAndTheEnvironmentOverTheDefault() {
        TestDatabase database = TestDatabase.configure(
                "PostgreSQL",
                "postgres",
                "jdbc:h2:mem:default",
                "postgres",
                H2,
                Map.of("flags.test.postgres.url", "jdbc:h2:mem:property")::get,
                Map.of("FLAGS_TEST_POSTGRES_URL", "jdbc:h2:mem:environment", "FLAGS_TEST_POSTGRES_USER", "sa")::get);

        assertThat(database.url()).isEqualTo("jdbc:h2:mem:property");
        assertThat(database.user()).isEqualTo("sa");
    }

    @Test
    void withNothingSetUsesTheDefaults() {
        TestDatabase database = database(H2, Map.of());

        assertThat(database.url()).isEqualTo("jdbc:h2:mem:default");
        assertThat(database.user()).isEqualTo("postgres");
    }

    private static TestDatabase database(TestDatabase.Connector connector, Map<String, String> environment) {
        return TestDatabase.configure(
                "PostgreSQL", "postgres", "jdbc:h2:mem:default", "postgres", connector, name -> null, environment::get);
    }

    /** A port on which nothing listens: one the system just gave out and took back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
