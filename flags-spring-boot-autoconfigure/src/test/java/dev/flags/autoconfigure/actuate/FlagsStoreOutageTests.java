package dev.flags.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.metrics.FlagsMetricsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A store that cannot be read while the application runs is reported, not hidden: the flags keep
 * serving the last good definitions, health names the failure, the failure counter counts it, and
 * all of it clears when the store answers again.
 */
class FlagsStoreOutageTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsMetricsAutoConfiguration.class,
                    FlagsHealthAutoConfiguration.class))
            .withUserConfiguration(Registry.class)
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "flags.store.type=jdbc",
                    "flags.store.follow-interval=20ms",
                    "flags.definitions.checkout.default-variant=on");

    @Test
    void anUnreadableStoreIsReportedByHealthAndTheFailureCounterAndRecovers() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            HealthIndicator health = context.getBean("flagsHealthIndicator", HealthIndicator.class);
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(health.health().getDetails()).doesNotContainKey("lastError");

            execute(dataSource, "ALTER TABLE flags_sequence RENAME TO flags_sequence_away");
            awaitTrue(() -> failures(registry) >= 1);

            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.UP); // the last good definitions still serve
            Map<String, Object> details = down.getDetails();
            assertThat(details)
                    .containsEntry(
                            "lastError", "jdbc store (flags_*): Cannot read the head of the flag store's change log");
            assertThat(details).containsKey("lastErrorAt");
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();

            execute(dataSource, "ALTER TABLE flags_sequence_away RENAME TO flags_sequence");
            double failuresBefore = failures(registry);
            double successesBefore = successes(registry);
            awaitTrue(() -> successes(registry) > successesBefore);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isTrue();
            Thread.sleep(100); // a few more polls: none of them fails now
            assertThat(failures(registry)).isEqualTo(failuresBefore);
        });
    }

    private static double failures(MeterRegistry registry) {
        return registry.get("flags.reloads")
                .tag("result", "failure")
                .functionCounter()
                .count();
    }

    private static double successes(MeterRegistry registry) {
        return registry.get("flags.reloads")
                .tag("result", "success")
                .functionCounter()
                .count();
    }

    private static void execute(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
