package dev.flags.autoconfigure.store;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.AuditListener;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.FlagAdminBuilder;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A writable {@link FlagStore} ({@code flags.store.type=memory} or {@code jdbc}) and the
 * {@link FlagAdmin} service over it. With a store, {@link FlagsAutoConfiguration} seeds it from
 * the definitions in properties and files and builds the engine over the store only, so every
 * admin write is evaluated at once. Evaluation counters feed the stale-flag report; audit entries
 * are published as {@link FlagAuditEvent}s.
 */
@AutoConfiguration(
        after = FlagsAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(FlagManager.class)
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
public final class FlagsStoreAutoConfiguration {

    @Bean
    @ConditionalOnBean(FlagStore.class)
    @ConditionalOnMissingBean
    FlagEvaluationRecorder flagEvaluationRecorder() {
        return new FlagEvaluationRecorder(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBean(FlagStore.class)
    @ConditionalOnMissingBean
    FlagAuditPublisher flagAuditPublisher(ApplicationEventPublisher publisher) {
        return new FlagAuditPublisher(publisher);
    }

    @Bean
    @ConditionalOnBean({FlagStore.class, FlagManager.class})
    @ConditionalOnMissingBean
    FlagAdmin flagAdmin(
            FlagStore store,
            InspectableFlagManager flagManager,
            FlagsProperties properties,
            ObjectProvider<FlagEvaluationRecorder> statistics,
            ObjectProvider<AuditListener> auditListeners) {
        FlagsProperties.Admin admin = properties.getAdmin();
        FlagAdminBuilder builder = FlagAdmin.builder(store)
                .flagManager(flagManager)
                .archivedRetention(admin.getCleanup().getRetention())
                .singleVariantAfter(admin.getSingleVariantAfter())
                .unevaluatedAfter(admin.getUnevaluatedAfter());
        statistics.ifAvailable(builder::evaluationStatistics);
        auditListeners.orderedStream().forEach(builder::auditListener);
        return builder.build();
    }

    @Bean
    @ConditionalOnBean(FlagAdmin.class)
    @ConditionalOnBooleanProperty(name = "flags.admin.cleanup.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    FlagsCleanupScheduler flagsCleanupScheduler(FlagAdmin admin, FlagsProperties properties) {
        return new FlagsCleanupScheduler(admin, properties.getAdmin().getCleanup());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "flags.store.type", havingValue = "memory")
    static class MemoryStoreConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagStore flagStore() {
            return FlagStores.inMemory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "flags.store.type", havingValue = "jdbc")
    static class JdbcStoreConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagStore flagStore(ObjectProvider<DataSource> dataSource, FlagsProperties properties) {
            DataSource source = dataSource.getIfUnique();
            if (source == null) {
                throw new IllegalStateException(
                        "flags.store.type=jdbc needs exactly one DataSource bean; add spring-boot-starter-jdbc"
                                + " and configure spring.datasource.*, or set flags.store.type to memory or none");
            }
            return JdbcFlags.store(source)
                    .tablePrefix(properties.getStore().getTablePrefix())
                    .build();
        }
    }
}
