package dev.flags.autoconfigure.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.autoconfigure.openfeature.FlagsOpenFeatureAutoConfiguration;
import dev.flags.experiment.ExperimentAnalysis;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.MetricComparison;
import dev.flags.jdbc.JdbcExperimentResults;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.NoOpProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

class FlagsExperimentsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsOpenFeatureAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES);

    @Test
    void recordsExposuresAndConversionsAndPublishesThemAsApplicationEvents() {
        runner.withBean(Received.class).run(context -> {
            assertThat(context)
                    .hasSingleBean(Experiments.class)
                    .hasSingleBean(ApplicationEventExperimentSink.class)
                    .doesNotHaveBean("flagsExperimentLogSink")
                    .doesNotHaveBean(JdbcExperimentResults.class)
                    .doesNotHaveBean(MetricsExperimentSink.class);
            FlagManager flags = context.getBean(FlagManager.class);
            Experiments experiments = context.getBean(Experiments.class);
            String variant = flags.getString("pricing", "standard", EvaluationContext.of("ann"));
            assertThat(experiments.track("purchase", EvaluationContext.of("ann")))
                    .isEqualTo(1);
            assertThat(experiments.results("pricing").variant(variant).exposedUsers())
                    .isEqualTo(1);
            assertThat(experiments
                            .results("pricing")
                            .variant(variant)
                            .conversion("purchase")
                            .convertingUsers())
                    .isEqualTo(1);
            Received received = context.getBean(Received.class);
            await(() -> received.exposures.size() == 1 && received.conversions.size() == 1);
            assertThat(received.exposures.get(0).flagKey()).isEqualTo("pricing");
            assertThat(received.exposures.get(0).variant()).isEqualTo(variant);
            assertThat(received.exposures.get(0).targetingKey()).isEqualTo("ann");
            assertThat(received.conversions.get(0).name()).isEqualTo("purchase");
            assertThat(received.threads).doesNotContain(Thread.currentThread().getName());
        });
    }

    @Test
    void closesExperimentsOnShutdownSoTheQueueIsDrainedIntoUserSinks() {
        Collecting sink = new Collecting();
        runner.withBean(ExperimentEventSink.class, () -> sink).run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            for (int i = 0; i < 50; i++) {
                flags.getString("pricing", "standard", EvaluationContext.of("user-" + i));
            }
        });
        assertThat(sink.exposures).hasSize(50);
        assertThat(sink.closed).isTrue();
    }

    @Test
    void countsExposuresAndConversionsWithBoundedTagsAndDroppedEvents() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(MetricsExperimentSink.class);
                    FlagManager flags = context.getBean(FlagManager.class);
                    Experiments experiments = context.getBean(Experiments.class);
                    String variant = flags.getString("pricing", "standard", EvaluationContext.of("ann"));
                    experiments.track("purchase", EvaluationContext.of("ann"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await(() -> registry.find("flags.experiments.conversions").counter() != null);
                    assertThat(registry.get("flags.experiments.exposures")
                                    .tag("feature_flag.key", "pricing")
                                    .tag("feature_flag.variant", variant)
                                    .counter()
                                    .count())
                            .isEqualTo(1.0);
                    assertThat(registry.get("flags.experiments.conversions")
                                    .tag("conversion", "purchase")
                                    .tag("feature_flag.key", "pricing")
                                    .tag("feature_flag.variant", variant)
                                    .counter()
                                    .count())
                            .isEqualTo(1.0);
                    experiments.track("purchase", EvaluationContext.of("never-exposed"));
                    experiments.track("purchase", EvaluationContext.of("ann"));
                    await(() -> registry.get("flags.experiments.conversions")
                                    .tag("feature_flag.variant", variant)
                                    .counter()
                                    .count()
                            == 2.0);
                    assertThat(registry.find("flags.experiments.conversions").counters())
                            .as("a conversion credited to no experiment is not counted")
                            .hasSize(1);
                    assertThat(registry.getMeters())
                            .allSatisfy(
                                    meter -> assertThat(meter.getId().getTags().toString())
                                            .doesNotContain("ann"))
                            .allSatisfy(meter ->
                                    assertThat(meter.getId().getDescription()).isNotBlank());
                    assertThat(registry.get("flags.experiments.dropped")
                                    .functionCounter()
                                    .count())
                            .isZero();
                });
    }

    @Test
    void metricsBackOffWhenSwitchedOffOrWithoutMicrometer() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("flags.experiments.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MetricsExperimentSink.class));
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(Experiments.class)
                        .doesNotHaveBean(MetricsExperimentSink.class));
    }

    @Test
    void writesToTheApplicationsDataSourceAndComputesResultsAcrossRestarts() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:experiments-autoconfig;DB_CLOSE_DELAY=-1");
        ApplicationContextRunner jdbc = runner.withBean(DataSource.class, () -> dataSource)
                .withPropertyValues("flags.experiments.jdbc.enabled=true", "flags.experiments.jdbc.table=exp_events");
        jdbc.run(context -> {
            context.getBean(FlagManager.class).getString("pricing", "standard", EvaluationContext.of("ann"));
            context.getBean(Experiments.class).track("purchase", EvaluationContext.of("ann"));
        });
        jdbc.run(context -> {
            assertThat(context).hasBean("flagsExperimentJdbcSink");
            assertThat(context.getBean(Experiments.class).results("pricing").trackedUsers())
                    .isZero();
            InspectableFlagManager flags = context.getBean(InspectableFlagManager.class);
            var results = context.getBean(JdbcExperimentResults.class)
                    .results(flags.definitions().flag("pricing"), java.time.Instant.now());
            assertThat(results.trackedUsers()).isEqualTo(1);
            ExperimentResultsDescriptor fromDatabase = ExperimentResultsDescriptor.of(results);
            assertThat(fromDatabase.trackedUsers()).isEqualTo(1);
            assertThat(fromDatabase.variants())
                    .flatExtracting(ExperimentResultsDescriptor.VariantDescriptor::conversions)
                    .extracting(ExperimentResultsDescriptor.ConversionDescriptor::convertingUsers)
                    .containsExactlyInAnyOrder(0L, 1L);
        });
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from exp_events")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void analysisIsSequentialWithBenjaminiHochbergUnlessThePropertiesSayOtherwise() {
        runner.run(context -> {
            assertThat(context.getBean(ExperimentAnalysis.class)).isEqualTo(ExperimentAnalysis.DEFAULT);
            assertThat(context.getBean(Experiments.class).results("pricing").analysis())
                    .isEqualTo(ExperimentAnalysis.DEFAULT);
        });
        runner.withPropertyValues(
                        "flags.experiments.analysis.method=bayesian",
                        "flags.experiments.analysis.alpha=0.1",
                        "flags.experiments.analysis.sequential-tuning-users=2000",
                        "flags.experiments.analysis.correction=holm",
                        "flags.experiments.analysis.prior-mean=0.01",
                        "flags.experiments.analysis.prior-standard-deviation=0.3",
                        "flags.experiments.analysis.cuped-look-back=7d")
                .run(context -> {
                    ExperimentAnalysis expected = new ExperimentAnalysis(
                            MetricComparison.Method.BAYESIAN,
                            0.1,
                            2000,
                            ExperimentAnalysis.Correction.HOLM,
                            new ExperimentAnalysis.Prior(0.01, 0.3),
                            java.time.Duration.ofDays(7));
                    assertThat(context.getBean(ExperimentAnalysis.class)).isEqualTo(expected);
                    assertThat(context.getBean(Experiments.class)
                                    .results("pricing")
                                    .analysis())
                            .isEqualTo(expected);
                });
    }

    @Test
    void aBadAnalysisPropertyFailsStartupNamingTheValue() {
        runner.withPropertyValues("flags.experiments.analysis.alpha=2")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessage("alpha must be above 0 and below 1 (got 2.0)"));
        runner.withPropertyValues("flags.experiments.analysis.prior-standard-deviation=0")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessage("prior standard deviation must be above 0 and finite (got 0.0)"));
        runner.withPropertyValues("flags.experiments.analysis.cuped-look-back=-1d")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessage("cupedLookBack must not be negative (got PT-24H)"));
    }

    @Test
    void backsOffToTheApplicationsAnalysis() {
        ExperimentAnalysis mine = ExperimentAnalysis.DEFAULT.withMethod(MetricComparison.Method.FIXED_HORIZON);
        runner.withBean(ExperimentAnalysis.class, () -> mine).run(context -> {
            assertThat(context).hasSingleBean(ExperimentAnalysis.class);
            assertThat(context.getBean(Experiments.class).results("pricing").analysis())
                    .isEqualTo(mine);
        });
    }

    @Test
    void writesJsonLinesWhenTheLogSinkIsOn() {
        runner.withPropertyValues("flags.experiments.log.enabled=true")
                .run(context -> assertThat(context).hasBean("flagsExperimentLogSink"));
    }

    @Test
    void backsOffWhenSwitchedOffWithoutAFlagManagerOrOverAForeignProvider() {
        runner.withPropertyValues("flags.experiments.enabled=false")
                .run(context ->
                        assertThat(context).hasSingleBean(FlagManager.class).doesNotHaveBean(Experiments.class));
        runner.withPropertyValues("flags.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Experiments.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsOpenFeatureAutoConfiguration.class,
                        FlagsAutoConfiguration.class,
                        FlagsExperimentsAutoConfiguration.class))
                .withBean(FeatureProvider.class, NoOpProvider::new)
                .run(context ->
                        assertThat(context).hasSingleBean(FlagManager.class).doesNotHaveBean(Experiments.class));
    }

    @Test
    void backsOffToTheApplicationsExperiments() {
        runner.withBean(
                        "myExperiments",
                        Experiments.class,
                        () -> Experiments.builder(FlagManager.builder().build()).build())
                .run(context ->
                        assertThat(context).hasSingleBean(Experiments.class).hasBean("myExperiments"));
    }

    @Test
    void creditsOpenFeatureTrackAsAConversion() {
        runner.run(context -> {
            Client client = context.getBean(Client.class);
            String variant = client.getStringValue("pricing", "standard", new MutableContext("bob"));
            client.track("purchase", new MutableContext("bob"));
            var results = context.getBean(Experiments.class).results("pricing").variant(variant);
            assertThat(results.exposedUsers()).isEqualTo(1);
            assertThat(results.conversion("purchase").convertingUsers()).isEqualTo(1);
        });
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static final class Received implements ApplicationListener<org.springframework.context.ApplicationEvent> {
        final List<ExposureEvent> exposures = new CopyOnWriteArrayList<>();
        final List<ConversionEvent> conversions = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(org.springframework.context.ApplicationEvent event) {
            if (event instanceof ExperimentExposureApplicationEvent exposure) {
                exposures.add(exposure.getExposure());
                threads.add(Thread.currentThread().getName());
            } else if (event instanceof ExperimentConversionApplicationEvent conversion) {
                conversions.add(conversion.getConversion());
                threads.add(Thread.currentThread().getName());
            }
        }
    }

    static final class Collecting implements ExperimentEventSink {
        final List<ExposureEvent> exposures = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public void conversion(ConversionEvent event) {}

        @Override
        public void exposure(ExposureEvent event) {
            exposures.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
