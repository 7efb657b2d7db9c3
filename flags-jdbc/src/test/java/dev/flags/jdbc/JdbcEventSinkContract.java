package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.experiment.ExperimentFixtures;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.Lift;
import dev.flags.experiment.RecordingSink;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExposureEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC sink against one database. Each test writes to its own table and drops it afterwards,
 * because other builds may use the same database at the same time.
 */
abstract class JdbcEventSinkContract {

    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    abstract DataSource dataSource();

    private String table;

    @BeforeEach
    void nameTable() {
        table = "exp_events_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT event_type, occurred_at, targeting_key, flag_key, variant,"
                                + " reason, rule_id, conversion, conversion_value FROM " + table
                                + " ORDER BY occurred_at, targeting_key, event_type")) {
            while (rs.next()) {
                double value = rs.getDouble(9);
                boolean noValue = rs.wasNull();
                rows.add(String.join(
                        "|",
                        rs.getString(1),
                        Long.toString(rs.getLong(2)),
                        rs.getString(3),
                        String.valueOf(rs.getString(4)),
                        String.valueOf(rs.getString(5)),
                        String.valueOf(rs.getString(6)),
                        String.valueOf(rs.getString(7)),
                        String.valueOf(rs.getString(8)),
                        noValue ? "null" : Double.toString(value)));
            }
        }
        return rows;
    }

    @Test
    void createsTheTableAndWritesOneRowPerEvent() throws SQLException {
        JdbcEventSink sink = (JdbcEventSink) JdbcFlags.eventSink(dataSource(), table);
        sink.exposure(new ExposureEvent("pricing", "discount", "u1", NOW, Reason.SPLIT, null));
        sink.exposure(new ExposureEvent("pricing", "standard", "u2", NOW.plusMillis(1), Reason.SPLIT, "eu"));
        sink.conversion(RecordingSink.conversion("purchase", "u1", 49.5, NOW.plusMillis(2)));
        sink.conversion(RecordingSink.conversion("signup", "u2", null, NOW.plusMillis(3)));
        sink.flush();
        sink.flush();
        long millis = NOW.toEpochMilli();
        assertThat(rows())
                .containsExactly(
                        "exposure|" + millis + "|u1|pricing|discount|SPLIT|null|null|null",
                        "exposure|" + (millis + 1) + "|u2|pricing|standard|SPLIT|eu|null|null",
                        "conversion|" + (millis + 2) + "|u1|null|null|null|null|purchase|49.5",
                        "conversion|" + (millis + 3) + "|u2|null|null|null|null|signup|null");
        assertThat(sink.writtenEvents()).isEqualTo(4);

        JdbcEventSink again = (JdbcEventSink) JdbcFlags.eventSink(dataSource(), table);
        again.conversion(RecordingSink.conversion("purchase", "u3", 1.0, NOW.plusMillis(4)));
        again.flush();
        assertThat(rows()).as("an existing table is reused").hasSize(5);
    }

    @Test
    void receivesEventsFromExperimentsAndIsDrainedOnClose() throws SQLException {
        MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(ExperimentFixtures.pricing()))
                .clock(clock)
                .build()) {
            Experiments experiments = Experiments.builder(flags)
                    .clock(clock)
                    .sink(JdbcFlags.eventSink(dataSource(), table))
                    .build();
            for (int i = 0; i < 50; i++) {
                EvaluationContext user = EvaluationContext.of("user-" + i);
                flags.getString("pricing", "x", user);
                flags.getString("pricing", "x", user);
                if (i % 5 == 0) {
                    experiments.track("purchase", user, 10);
                }
            }
            experiments.close();
            assertThat(experiments.droppedEvents()).isZero();
        }
        List<String> rows = rows();
        assertThat(rows).filteredOn(r -> r.startsWith("exposure|")).hasSize(50);
        assertThat(rows).filteredOn(r -> r.startsWith("conversion|")).hasSize(10);
    }

    @Test
    void computesTheSameResultsInTheDatabaseAcrossProcesses() {
        MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);
        List<ExperimentResults> inProcess = new ArrayList<>();
        // Two "processes": two managers and experiments writing to one table, each seeing half the users.
        for (int process = 0; process < 2; process++) {
            try (InspectableFlagManager flags = FlagManager.builder()
                    .definitions(Definitions.of(ExperimentFixtures.pricing()))
                    .clock(clock)
                    .build()) {
                Experiments experiments = Experiments.builder(flags)
                        .clock(clock)
                        .sink(JdbcFlags.eventSink(dataSource(), table))
                        .build();
                experiments.track("purchase", EvaluationContext.of("user-" + process), 1); // before any exposure
                clock.advance(java.time.Duration.ofMillis(1)); // the table orders events by millisecond only
                for (int i = process; i < 600; i += 2) {
                    EvaluationContext user = EvaluationContext.of("user-" + i);
                    String price = flags.getString("pricing", "S", user);
                    clock.advance(java.time.Duration.ofMillis(1));
                    if (i % 10 < (price.equals("D") ? 3 : 2)) {
                        experiments.track("purchase", user, 10);
                        experiments.track("purchase", user, 5);
                    }
                }
                experiments.close();
                inProcess.add(experiments.results("pricing"));
            }
        }
        ExperimentResults database =
                JdbcExperimentResults.of(dataSource(), table).results(ExperimentFixtures.pricing(), clock.instant());
        assertThat(database.trackedUsers()).isEqualTo(600);
        assertThat(database.crossoverExposures()).isZero();
        assertThat(database.status()).isEqualTo(ExperimentResults.Status.RUNNING);
        for (String variant : List.of("standard", "discount")) {
            ExperimentResults.VariantResults fromDatabase = database.variant(variant);
            long exposed = 0;
            long converting = 0;
            long conversions = 0;
            double value = 0;
            for (ExperimentResults results : inProcess) {
                exposed += results.variant(variant).exposedUsers();
                converting += results.variant(variant).conversion("purchase").convertingUsers();
                conversions += results.variant(variant).conversion("purchase").conversions();
                value += results.variant(variant).conversion("purchase").totalValue();
            }
            assertThat(fromDatabase.exposedUsers()).isEqualTo(exposed);
            ExperimentResults.ConversionResults purchase = fromDatabase.conversion("purchase");
            assertThat(purchase.convertingUsers()).isEqualTo(converting).isPositive();
            assertThat(purchase.conversions()).isEqualTo(conversions).isEqualTo(2 * converting);
            assertThat(purchase.totalValue()).isEqualTo(value).isEqualTo(15.0 * converting);
        }
        assertThat(database.variant("discount").conversion("purchase").lift())
                .isEqualTo(Lift.compare(
                        database.variant("standard").exposedUsers(),
                        database.variant("standard").conversion("purchase").convertingUsers(),
                        database.variant("discount").exposedUsers(),
                        database.variant("discount").conversion("purchase").convertingUsers()));
        assertThat(database.sampleRatio().observed())
                .containsExactly(
                        java.util.Map.entry(
                                "standard", database.variant("standard").exposedUsers()),
                        java.util.Map.entry(
                                "discount", database.variant("discount").exposedUsers()));
    }

    @Test
    void aFailedWriteIsCountedAndReported() {
        JdbcEventSink sink = (JdbcEventSink) JdbcFlags.eventSink(dataSource(), table);
        sink.conversion(
                new ConversionEvent("x".repeat(300), EvaluationContext.of("u1"), null, java.util.Map.of(), NOW));
        assertThatThrownBy(sink::flush)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Could not write 1 experiment event(s) to table " + table + ": ");
        assertThat(sink.failedEvents()).isEqualTo(1);
    }
}
