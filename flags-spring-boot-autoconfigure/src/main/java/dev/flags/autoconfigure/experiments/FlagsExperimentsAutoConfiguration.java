package dev.flags.autoconfigure.experiments;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.FlagsProperties.Experiments.Jdbc;
import dev.flags.autoconfigure.openfeature.FlagsOpenFeatureAutoConfiguration;
import dev.flags.experiment.ExperimentAnalysis;
import dev.flags.experiment.ExperimentSinks;
import dev.flags.experiment.Experiments;
import dev.flags.experiment.ExperimentsBuilder;
import dev.flags.experiment.MetricComparison;
import dev.flags.jdbc.JdbcExperimentResults;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.spi.ExperimentEventSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Experiments: an {@link Experiments} bean over the {@link FlagManager} that records exposures and
 * conversions, hands them to every {@link ExperimentEventSink} bean off the request thread, and is
 * closed (its queue drained) on shutdown.
 *
 * <p>Sinks (each a bean, so any of the application's own {@link ExperimentEventSink} beans join
 * them): Spring application events ({@code flags.experiments.events.enabled}, default on), a JSON
 * lines log ({@code flags.experiments.log.enabled}), a JDBC table of the application's
 * {@link DataSource} ({@code flags.experiments.jdbc.enabled}, {@code flags.experiments.jdbc.table})
 * and Micrometer counters ({@code flags.experiments.metrics.enabled}, with a registry). The JDBC
 * sink needs flags-jdbc; asking for it without that module fails startup with a message.
 *
 * <p>Backs off with {@code flags.experiments.enabled=false}, without a {@link FlagManager}, and
 * when the application's own OpenFeature {@code FeatureProvider} serves the flags (there are no
 * definitions, hence no experiments).
 */
@AutoConfiguration(
        after = {FlagsAutoConfiguration.class, FlagsOpenFeatureAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
@ConditionalOnClass({FlagManager.class, Experiments.class})
@ConditionalOnBean(FlagManager.class)
@ConditionalOnMissingBean(type = "dev.openfeature.sdk.FeatureProvider")
@ConditionalOnBooleanProperty(name = "flags.experiments.enabled", matchIfMissing = true)
public final class FlagsExperimentsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ExperimentAnalysis flagsExperimentAnalysis(FlagsProperties properties) {
        return analysis(properties.getExperiments().getAnalysis());
    }

    /** The properties as the core type, checked there (an alpha of 2 fails startup naming the value). */
    static ExperimentAnalysis analysis(FlagsProperties.Experiments.Analysis settings) {
        MetricComparison.Method method = switch (settings.getMethod()) {
            case SEQUENTIAL -> MetricComparison.Method.SEQUENTIAL;
            case FIXED_HORIZON -> MetricComparison.Method.FIXED_HORIZON;
            case BAYESIAN -> MetricComparison.Method.BAYESIAN;
        };
        ExperimentAnalysis.Correction correction = switch (settings.getCorrection()) {
            case BENJAMINI_HOCHBERG -> ExperimentAnalysis.Correction.BENJAMINI_HOCHBERG;
            case HOLM -> ExperimentAnalysis.Correction.HOLM;
            case NONE -> ExperimentAnalysis.Correction.NONE;
        };
        Double sd = settings.getPriorStandardDeviation();
        ExperimentAnalysis.Prior prior = sd == null ? null : new ExperimentAnalysis.Prior(settings.getPriorMean(), sd);
        return new ExperimentAnalysis(
                method,
                settings.getAlpha(),
                settings.getSequentialTuningUsers(),
                correction,
                prior,
                settings.getCupedLookBack());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Experiments experiments(
            InspectableFlagManager flagManager,
            FlagsProperties properties,
            ExperimentAnalysis analysis,
            ObjectProvider<ExperimentEventSink> sinks) {
        FlagsProperties.Experiments settings = properties.getExperiments();
        ExperimentsBuilder builder = Experiments.builder(flagManager)
                .analysis(analysis)
                .deduplicationWindow(settings.getDeduplicationWindow())
                .deduplicationCapacity(settings.getDeduplicationCapacity())
                .maxUsersPerExperiment(settings.getMaxUsersPerExperiment())
                .queueCapacity(settings.getQueueCapacity())
                .drainTimeout(settings.getDrainTimeout());
        sinks.orderedStream().forEach(builder::sink);
        return builder.build();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "flags.experiments.events.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(ApplicationEventExperimentSink.class)
    ApplicationEventExperimentSink flagsExperimentEventsSink(ApplicationEventPublisher publisher) {
        return new ApplicationEventExperimentSink(publisher);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "flags.experiments.log.enabled")
    @ConditionalOnMissingBean(name = "flagsExperimentLogSink")
    ExperimentEventSink flagsExperimentLogSink() {
        return ExperimentSinks.log();
    }

    /** The JDBC sink and database results, through the application's {@link DataSource}, with flags-jdbc. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DataSource.class, JdbcFlags.class})
    @ConditionalOnBooleanProperty(name = "flags.experiments.jdbc.enabled")
    static class JdbcConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "flagsExperimentJdbcSink")
        ExperimentEventSink flagsExperimentJdbcSink(DataSource dataSource, FlagsProperties properties) {
            return JdbcFlags.eventSink(
                    dataSource, properties.getExperiments().getJdbc().getTable());
        }

        @Bean
        @ConditionalOnMissingBean
        JdbcExperimentResults jdbcExperimentResults(DataSource dataSource, FlagsProperties properties) {
            Jdbc jdbc = properties.getExperiments().getJdbc();
            return JdbcExperimentResults.of(dataSource, jdbc.getTable());
        }
    }

    /** Counters of exposures and conversions, and of events dropped by a full queue. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "flags.experiments.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MetricsExperimentSink flagsExperimentMetricsSink(ObjectProvider<MeterRegistry> registry) {
            return new MetricsExperimentSink(registry.getObject());
        }

        @Bean
        MeterBinder flagsExperimentsDroppedEvents(ObjectProvider<Experiments> experiments) {
            return registry -> experiments.ifAvailable(
                    bean -> FunctionCounter.builder("flags.experiments.dropped", bean, Experiments::droppedEvents)
                            .description("Experiment events dropped because the sink queue was full or closed")
                            .register(registry));
        }
    }

    /** Says what is missing rather than starting without the sink that was asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.flags.jdbc.JdbcFlags")
    @ConditionalOnBooleanProperty(name = "flags.experiments.jdbc.enabled")
    static class JdbcMissingConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "flagsExperimentJdbcSink")
        ExperimentEventSink flagsExperimentJdbcSink() {
            throw new IllegalStateException("flags.experiments.jdbc.enabled=true needs the JDBC event sink on the"
                    + " classpath; add the dependency dev.flags:flags-jdbc");
        }
    }
}
