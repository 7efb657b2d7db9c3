package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentAnalysis;
import dev.flags.experiment.ExperimentFixtures;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.Lift;
import dev.flags.experiment.MetricComparison;
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
    void writesCovariatesAsRowsBesideTheirExposure() throws SQLException {
        JdbcEventSink sink = (JdbcEventSink) JdbcFlags.eventSink(dataSource(), table);
        sink.exposure(new ExposureEvent(
                "pricing", "discount", "u1", NOW, Reason.SPLIT, null, java.util.Map.of("revenue-28d", 12.5)));
        sink.flush();
        long millis = NOW.toEpochMilli();
        assertThat(rows())
                .containsExactly(
                        "covariate|" + millis + "|u1|pricing|discount|SPLIT|null|null|null",
                        "exposure|" + millis + "|u1|pricing|discount|SPLIT|null|null|null");
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT covariate, covariate_value FROM " + table + " WHERE event_type = 'covariate'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("revenue-28d");
            assertThat(rs.getDouble(2)).isEqualTo(12.5);
        }
    }

    @Test
    void addsTheCovariateColumnsToATableOfAnEarlierVersion() throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE " + table + " (event_type VARCHAR(16) NOT NULL, occurred_at BIGINT NOT NULL,"
                            + " targeting_key VARCHAR(255), flag_key VARCHAR(255), variant VARCHAR(255), reason VARCHAR(32),"
                            + " rule_id VARCHAR(255), conversion VARCHAR(255), conversion_value DOUBLE PRECISION)");
            statement.execute("INSERT INTO " + table + " VALUES ('exposure', " + NOW.toEpochMilli()
                    + ", 'old', 'pricing', 'standard', 'SPLIT', NULL, NULL, NULL)");
        }
        // The results of an experiment with a covariate migrate an old table, as the sink does on first write.
        FlagDefinition flag = ExperimentFixtures.pricingWithMetrics();
        assertThat(JdbcExperimentResults.of(dataSource(), table)
                        .results(flag, NOW.plusSeconds(1))
                        .trackedUsers())
                .isEqualTo(1);
        JdbcEventSink sink = (JdbcEventSink) JdbcFlags.eventSink(dataSource(), table);
        sink.exposure(new ExposureEvent(
                "pricing",
                "discount",
                "new",
                NOW.plusMillis(1),
                Reason.SPLIT,
                null,
                java.util.Map.of("revenue-28d", 3.0)));
        sink.conversion(RecordingSink.conversion("purchase", "new", 7.0, NOW.plusMillis(2)));
        sink.flush();
        JdbcFlags.eventSink(dataSource(), table).flush(); // a second instance finds the columns there
        ExperimentResults results =
                JdbcExperimentResults.of(dataSource(), table).results(flag, NOW.plusSeconds(1));
        assertThat(results.trackedUsers()).isEqualTo(2);
        assertThat(results.metric("revenue").variant("discount").values())
                .isEqualTo(new dev.flags.experiment.MetricSummary(1, 7, 49));
        assertThat(rows()).hasSize(4);
    }

    @Test
    void computesTheSameMetricsInTheDatabaseAsInProcess() {
        MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);
        FlagDefinition flag = ExperimentFixtures.pricingWithMetrics();
        List<ExperimentResults> inProcess = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        try (InspectableFlagManager combinedFlags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            // One in-process view of all users, fed what both "processes" record: the oracle.
            Experiments combined =
                    Experiments.builder(combinedFlags).clock(clock).build();
            InMemoryEventSinkForwarder forward = new InMemoryEventSinkForwarder(combined);
            for (int process = 0; process < 2; process++) {
                try (InspectableFlagManager flags = FlagManager.builder()
                        .definitions(Definitions.of(flag))
                        .clock(clock)
                        .build()) {
                    Experiments experiments = Experiments.builder(flags)
                            .clock(clock)
                            .sink(JdbcFlags.eventSink(dataSource(), table))
                            .sink(forward)
                            .build();
                    for (int i = process; i < 400; i += 2) {
                        EvaluationContext.Builder user =
                                EvaluationContext.builder().targetingKey("user-" + i);
                        if (i % 3 == 0) {
                            user.attribute("revenue-28d", Math.round(random.nextDouble() * 5000) / 100.0);
                        }
                        EvaluationContext context = user.build();
                        flags.getString("pricing", "S", context);
                        clock.advance(java.time.Duration.ofMillis(1));
                        int orders = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
                        for (int o = 0; o < orders; o++) {
                            experiments.track("purchase", context, Math.round(random.nextDouble() * 8000) / 100.0);
                        }
                        if (orders > 0 && random.nextInt(5) == 0) {
                            experiments.track("refund", context);
                        }
                    }
                    experiments.close();
                    inProcess.add(experiments.results("pricing"));
                }
            }
            combined.close();
            ExperimentResults expected = combined.results("pricing");
            ExperimentResults database =
                    JdbcExperimentResults.of(dataSource(), table).results(flag, clock.instant());
            assertThat(database.trackedUsers()).isEqualTo(400).isEqualTo(expected.trackedUsers());
            for (ExperimentResults.MetricResults metric : expected.metrics()) {
                for (ExperimentResults.MetricVariantResults row : metric.variants()) {
                    ExperimentResults.MetricVariantResults actual =
                            database.metric(metric.metric().name()).variant(row.variant());
                    String what = metric.metric().name() + " of " + row.variant();
                    assertThat(actual.users()).as(what).isEqualTo(row.users());
                    assertThat(actual.values().sum())
                            .as(what)
                            .isCloseTo(row.values().sum(), within(1e-6));
                    assertThat(actual.values().sumOfSquares())
                            .as(what)
                            .isCloseTo(row.values().sumOfSquares(), within(1e-4));
                    if (row.comparison() != null) {
                        assertThat(actual.comparison().difference())
                                .as(what)
                                .isCloseTo(row.comparison().difference(), within(1e-9));
                        assertThat(actual.comparison().pValue())
                                .as(what)
                                .isCloseTo(row.comparison().pValue(), within(1e-9));
                        assertThat(actual.comparison().varianceReduction())
                                .as(what)
                                .isCloseTo(row.comparison().varianceReduction(), within(1e-9));
                        assertThat(actual.adjustedPValue()).as(what).isCloseTo(row.adjustedPValue(), within(1e-9));
                    }
                }
            }
            assertThat(expected.metric("revenue")
                            .variant("discount")
                            .comparison()
                            .varianceReduction())
                    .as("the covariate is used")
                    .isGreaterThan(0);
            MetricSummaryCheck.sumOfProcesses(inProcess, expected);
        }
    }

    private static final ExperimentAnalysis FIXED =
            ExperimentAnalysis.DEFAULT.withMethod(MetricComparison.Method.FIXED_HORIZON);

    @Test
    void computesCupedFromTheConversionHistoryInTheDatabaseAsInProcess() {
        MutableClock clock = new MutableClock(ExperimentFixtures.START);
        FlagDefinition flag = ExperimentFixtures.pricingWithHistory();
        ExperimentResults inProcess;
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            Experiments experiments = Experiments.builder(flags)
                    .clock(clock)
                    .analysis(FIXED)
                    .sink(JdbcFlags.eventSink(dataSource(), table))
                    .build();
            ExperimentFixtures.simulateHistory(clock, flags, experiments);
            experiments.close();
            inProcess = experiments.results("pricing");
        }
        ExperimentResults database =
                JdbcExperimentResults.of(dataSource(), table).results(flag, clock.instant(), FIXED);
        assertSameComparisons(database, inProcess);
        assertThat(database.metric("revenue").variant("discount").comparison().varianceReduction())
                .as("the history is the covariate")
                .isGreaterThan(0.1);
        ExperimentResults withoutHistory = JdbcExperimentResults.of(dataSource(), table)
                .results(flag, clock.instant(), FIXED.withCupedLookBack(java.time.Duration.ZERO));
        assertThat(withoutHistory
                        .metric("orders")
                        .variant("discount")
                        .comparison()
                        .varianceReduction())
                .isZero();
        assertThat(withoutHistory
                        .metric("orders")
                        .variant("discount")
                        .comparison()
                        .difference())
                .isCloseTo(
                        withoutHistory.metric("orders").variant("discount").mean()
                                - withoutHistory
                                        .metric("orders")
                                        .variant("standard")
                                        .mean(),
                        within(1e-12));
    }

    @Test
    void computesCountRatiosInTheDatabaseAsInProcess() {
        MutableClock clock = new MutableClock(ExperimentFixtures.INSIDE);
        FlagDefinition flag = ExperimentFixtures.layoutWithCountRatio();
        ExperimentResults inProcess;
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(clock)
                .build()) {
            Experiments experiments = Experiments.builder(flags)
                    .clock(clock)
                    .analysis(FIXED)
                    .sink(JdbcFlags.eventSink(dataSource(), table))
                    .build();
            ExperimentFixtures.feedCountRatio(experiments.trackingSink(), clock.instant());
            experiments.close();
            inProcess = experiments.results("layout");
        }
        ExperimentResults database =
                JdbcExperimentResults.of(dataSource(), table).results(flag, clock.instant(), FIXED);
        assertThat(database.metric("clicks-per-session").variant("compact").mean())
                .isCloseTo(17.0 / 11, within(1e-12));
        assertSameComparisons(database, inProcess);
    }

    private static void assertSameComparisons(ExperimentResults actual, ExperimentResults expected) {
        assertThat(actual.trackedUsers()).isEqualTo(expected.trackedUsers());
        for (ExperimentResults.MetricResults metric : expected.metrics()) {
            for (ExperimentResults.MetricVariantResults row : metric.variants()) {
                ExperimentResults.MetricVariantResults mine =
                        actual.metric(metric.metric().name()).variant(row.variant());
                String what = metric.metric().name() + " of " + row.variant();
                assertThat(mine.users()).as(what).isEqualTo(row.users());
                assertThat(mine.mean()).as(what).isCloseTo(row.mean(), within(1e-9));
                if (row.comparison() != null) {
                    MetricComparison theirs = row.comparison();
                    MetricComparison ours = mine.comparison();
                    assertThat(ours.difference()).as(what).isCloseTo(theirs.difference(), within(1e-9));
                    assertThat(ours.differenceHigh()).as(what).isCloseTo(theirs.differenceHigh(), within(1e-8));
                    assertThat(ours.pValue()).as(what).isCloseTo(theirs.pValue(), within(1e-9));
                    assertThat(ours.varianceReduction()).as(what).isCloseTo(theirs.varianceReduction(), within(1e-9));
                }
            }
        }
    }

    /** Hands the events one process's sinks get to another experiments component, as if it saw them too. */
    private static final class InMemoryEventSinkForwarder implements dev.flags.spi.ExperimentEventSink {
        private final Experiments target;

        InMemoryEventSinkForwarder(Experiments target) {
            this.target = target;
        }

        @Override
        public void exposure(ExposureEvent exposure) {
            target.trackingSink().exposure(exposure);
        }

        @Override
        public void conversion(ConversionEvent conversion) {
            target.trackingSink().conversion(conversion);
        }
    }

    /** The combined view's sums are the sums of the two processes' sums. */
    private static final class MetricSummaryCheck {
        static void sumOfProcesses(List<ExperimentResults> processes, ExperimentResults combined) {
            for (ExperimentResults.MetricResults metric : combined.metrics()) {
                for (ExperimentResults.MetricVariantResults row : metric.variants()) {
                    double sum = 0;
                    for (ExperimentResults process : processes) {
                        sum += process.metric(metric.metric().name())
                                .variant(row.variant())
                                .values()
                                .sum();
                    }
                    assertThat(row.values().sum()).isCloseTo(sum, within(1e-6));
                }
            }
        }
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
