package dev.flags.autoconfigure.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.actuate.FlagsHealthAutoConfiguration;
import dev.flags.store.PushChannel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Push wake-ups between two application contexts that poll once an hour, so that only the push can
 * carry a change: PostgreSQL LISTEN/NOTIFY on the real server, and Redis pub/sub (127.0.0.1:6379)
 * over an H2 database in server mode.
 */
class FlagsStorePushTests {

    static final Actor ADMIN = Actor.of("alice", Permission.values());

    private final String prefix = "hp"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT) + "_";

    private ApplicationContextRunner instance() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsHealthAutoConfiguration.class))
                .withPropertyValues(
                        "flags.store.type=jdbc",
                        "flags.store.follow-interval=1h",
                        "flags.store.table-prefix=" + prefix,
                        "flags.definitions.checkout.default-variant=on");
    }

    @Test
    void onPostgresAWriteOnOneInstanceIsNotifiedToTheOther() throws SQLException {
        ApplicationContextRunner postgres = instance()
                .withPropertyValues(
                        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
                        "spring.datasource.username=postgres");
        try {
            postgres.run(one -> postgres.run(two -> {
                PushChannel channel = two.getBean("flagsPostgresPushChannel", PushChannel.class);
                await(() -> channel.state() == PushChannel.State.CONNECTED);
                assertThat(pushDetails(two)).isEqualTo(Map.of("postgres LISTEN " + prefix + "changes", "CONNECTED"));

                one.getBean(FlagAdmin.class).emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "incident");

                FlagManager flags = two.getBean(FlagManager.class);
                await(() -> !flags.isEnabled("checkout", EvaluationContext.EMPTY));
            }));
            postgres.withPropertyValues("flags.store.notify=false")
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("flagsPostgresPushChannel"));
        } finally {
            try (Connection connection =
                            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    Statement statement = connection.createStatement()) {
                for (String table : List.of("changes", "segments", "flags", "sequence", "lock", "schema_version")) {
                    statement.execute("DROP TABLE IF EXISTS " + prefix + table);
                }
            }
        }
    }

    @Test
    void withRedisAWriteOnOneInstanceIsPublishedToTheOtherOnAnyDatabase() throws SQLException {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            ApplicationContextRunner redis = instance()
                    .withPropertyValues(
                            "spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:" + prefix
                                    + ";DB_CLOSE_DELAY=-1",
                            "flags.store.redis.url=redis://127.0.0.1:6379",
                            "flags.store.redis.channel=flags-test-" + prefix);
            redis.run(one -> redis.run(two -> {
                PushChannel channel = two.getBean("flagsRedisPushChannel", PushChannel.class);
                await(() -> channel.state() == PushChannel.State.CONNECTED);
                assertThat(channel.name()).isEqualTo("redis SUBSCRIBE flags-test-" + prefix);
                await(() -> two.getBean("flagsPostgresPushChannel", PushChannel.class)
                                .state()
                        == PushChannel.State.UNSUPPORTED);
                assertThat(pushDetails(two))
                        .as("H2 cannot LISTEN: left out")
                        .isEqualTo(Map.of("redis SUBSCRIBE flags-test-" + prefix, "CONNECTED"));

                one.getBean(FlagAdmin.class).emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "incident");

                FlagManager flags = two.getBean(FlagManager.class);
                await(() -> !flags.isEnabled("checkout", EvaluationContext.EMPTY));
            }));
            redis.withClassLoader(new FilteredClassLoader("dev.flags.redis"))
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessage("flags.store.redis.url needs the Redis push channel on the classpath; add the"
                                    + " dependency dev.flags:flags-redis"));
        } finally {
            h2.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pushDetails(ApplicationContext context) {
        Map<String, Object> store = (Map<String, Object>) context.getBean("flagsHealthIndicator", HealthIndicator.class)
                .health(true)
                .getDetails()
                .get("store");
        return (Map<String, Object>) store.get("push");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
