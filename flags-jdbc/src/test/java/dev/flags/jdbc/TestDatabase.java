package dev.flags.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database server the tests may use, and the condition that runs a test class only when the
 * server answers. A test class registers it as a static {@code @RegisterExtension} field; without
 * the server the class is skipped with one line that says where it looked and what to set, or it
 * fails when databases are required (as {@code .ci/run} requires them). The server is asked once.
 */
final class TestDatabase implements ExecutionCondition {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    /** Makes the data source of a server from its URL, user and password. */
    interface Connector {
        DataSource dataSource(String url, String user, String password) throws SQLException;
    }

    /** Seconds a test waits for a server that accepts the connection but does not answer. */
    private static final int LOGIN_TIMEOUT_SECONDS = 10;

    private final String product;
    private final String urlVariable;
    private final String url;
    private final String user;
    private final boolean required;
    private final DataSource dataSource;
    private @Nullable Probe probe;

    private TestDatabase(
            String product, String urlVariable, String url, String user, boolean required, DataSource dataSource) {
        this.product = product;
        this.urlVariable = urlVariable;
        this.url = url;
        this.user = user;
        this.required = required;
        this.dataSource = dataSource;
    }

    /**
     * The server named {@code key} ({@code postgres}, {@code mariadb}), configured by the system
     * properties {@code flags.test.KEY.url/.user/.password}, else the environment variables
     * {@code FLAGS_TEST_KEY_URL/_USER/_PASSWORD}, else the defaults; required when
     * {@code flags.test.require-databases} or {@code FLAGS_TEST_REQUIRE_DATABASES} is {@code true}.
     */
    static TestDatabase configure(
            String product,
            String key,
            String defaultUrl,
            String defaultUser,
            Connector connector,
            Function<String, @Nullable String> properties,
            Function<String, @Nullable String> environment) {
        Function<String, @Nullable String> settings = name -> {
            String property = properties.apply("flags.test." + name);
            return property != null
                    ? property
                    : environment.apply("FLAGS_TEST_"
                            + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        };
        String url = orDefault(settings.apply(key + ".url"), defaultUrl);
        String user = orDefault(settings.apply(key + ".user"), defaultUser);
        String password = orDefault(settings.apply(key + ".password"), "");
        boolean required = Boolean.parseBoolean(settings.apply("require-databases"));
        DataSource dataSource;
        try {
            dataSource = connector.dataSource(url, user, password);
            dataSource.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new IllegalStateException("Bad " + product + " test URL " + url, e);
        }
        String urlVariable = "FLAGS_TEST_" + key.toUpperCase(Locale.ROOT) + "_URL";
        return new TestDatabase(product, urlVariable, url, user, required, dataSource);
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null ? fallback : value;
    }

    DataSource dataSource() {
        return dataSource;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result =
                evaluate(context.getRequiredTestClass().getSimpleName());
        if (result.isDisabled() && context.getTestMethod().isEmpty()) {
            // Surefire counts skipped tests but prints no reason: this is the one line that says why.
            log.warn(result.getReason().orElse(""));
        }
        return result;
    }

    /** Runs the test class when the server answers; else skips it, or fails when databases are required. */
    ConditionEvaluationResult evaluate(String testClass) {
        Probe result = probe();
        if (result.failure == null) {
            return ConditionEvaluationResult.enabled(product + " reachable at " + url);
        }
        String where = product + " not reachable at " + url + " (set " + urlVariable + ")";
        if (required) {
            throw new IllegalStateException(
                    where + "; FLAGS_TEST_REQUIRE_DATABASES=true, so " + testClass + " fails instead of skipping",
                    result.failure);
        }
        return ConditionEvaluationResult.disabled(where + "; skipping " + testClass);
    }

    private synchronized Probe probe() {
        if (probe == null) {
            probe = new Probe(connectionFailure());
        }
        return probe;
    }

    private @Nullable SQLException connectionFailure() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(LOGIN_TIMEOUT_SECONDS) ? null : new SQLException("connection not valid");
        } catch (SQLException e) {
            return e;
        }
    }

    /** The outcome of asking the server once: {@code failure} is null when it answered. */
    private record Probe(@Nullable SQLException failure) {}
}
