package dev.flags.autoconfigure.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.AuditListener;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.FlagAdminBuilder;
import dev.flags.admin.SeedMode;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsEngineSources;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.definition.Definitions;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.redis.RedisFlags;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.FleetInstance;
import dev.flags.store.Following;
import dev.flags.store.PushChannel;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * A writable {@link FlagStore} ({@code flags.store.type=memory} or {@code jdbc}) and the
 * {@link FlagAdmin} service over it. With a store, the definitions in properties and files seed it
 * ({@link FlagStoreInitializer}) and the engine's {@link FlagsEngineSources} are the store only, so
 * every admin write is evaluated at once. Evaluation counters feed the stale-flag report; audit
 * entries are published as {@link FlagAuditEvent}s. Backs off without flags-admin; the JDBC store
 * needs flags-jdbc.
 *
 * <p>The engine reads the store through a {@link FlagsStoreFollower}. A JDBC store is shared by every
 * instance on its database: the follower polls its change log every {@code flags.store.follow-interval},
 * serves what {@code flags.store.startup} says while the database is down, and is woken up at once
 * by a {@link PushChannel}: PostgreSQL {@code LISTEN}/{@code NOTIFY} ({@code flags.store.notify}) and,
 * with flags-redis and {@code flags.store.redis.url}, Redis pub/sub.
 */
@AutoConfiguration(
        before = FlagsAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({FlagManager.class, FlagAdmin.class})
@ConditionalOnBooleanProperty(name = "flags.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FlagsProperties.class)
public final class FlagsStoreAutoConfiguration {

    /** How often a push channel proves that it still delivers: a dead channel is replaced within twice this. */
    static final Duration PUSH_KEEP_ALIVE = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnBean(FlagStore.class)
    @ConditionalOnMissingBean
    FlagAuditPublisher flagAuditPublisher(ApplicationEventPublisher publisher) {
        return new FlagAuditPublisher(publisher);
    }

    @Bean
    @ConditionalOnBean(FlagStore.class)
    @ConditionalOnMissingBean
    FlagStoreInitializer flagStoreInitializer(
            FlagStore store,
            FlagsProperties properties,
            ResourceLoader resourceLoader,
            ObjectProvider<AuditListener> auditListeners) {
        return new FlagStoreInitializer(
                store,
                FlagsEngineSources.configured(properties, resourceLoader).sources(),
                seedMode(properties.getStore().getSeedMode()),
                auditListeners.orderedStream().toList(),
                // A shared store may be down at startup: the follower's startup policy then decides.
                properties.getStore().getType() == FlagsProperties.StoreType.JDBC);
    }

    /** {@code flags.store.seed-mode}, with the binder's leniency (import-missing, IMPORT_MISSING). */
    static SeedMode seedMode(String value) {
        return requireNonNull(
                ApplicationConversionService.getSharedInstance().convert(value.strip(), SeedMode.class), value);
    }

    /** Follows the store: polls a shared one, serves what the startup policy says while it is down. */
    @Bean
    @ConditionalOnBean(FlagStore.class)
    @ConditionalOnMissingBean
    FlagsStoreFollower flagsStoreFollower(
            FlagStore store,
            FlagsProperties properties,
            ResourceLoader resourceLoader,
            Environment environment,
            ObjectProvider<PushChannel> pushChannels) {
        Following following = following(
                        properties,
                        () -> SeedDefinitions.merge(FlagsEngineSources.configured(properties, resourceLoader)
                                .sources()))
                .withInstance(
                        instanceId(properties, environment),
                        properties.getStore().getInstanceExpiry());
        return new FlagsStoreFollower(
                FlagStores.follow(store, following),
                following.interval(),
                () -> pushChannels.orderedStream().toList(),
                following.instanceId());
    }

    /**
     * {@code flags.store.instance-id}, or the application's name, {@code @}, the host and, with a
     * fixed {@code server.port}, the port: stable across restarts, and distinct for instances on one
     * host since they cannot share a port.
     */
    static String instanceId(FlagsProperties properties, Environment environment) {
        String configured = properties.getStore().getInstanceId();
        if (configured != null && !configured.isBlank()) {
            String id = configured.strip();
            if (id.length() > FleetInstance.MAX_LENGTH) {
                throw new IllegalStateException("flags.store.instance-id must have at most " + FleetInstance.MAX_LENGTH
                        + " characters, had " + id.length());
            }
            return id;
        }
        String name =
                environment.getProperty("spring.application.name", "flags").strip();
        String port = environment.getProperty("server.port", "").strip();
        String id = (name.isEmpty() ? "flags" : name) + "@" + Following.host()
                + (port.isEmpty() || port.equals("0") || port.equals("-1") ? "" : ":" + port);
        return id.length() > FleetInstance.MAX_LENGTH ? id.substring(0, FleetInstance.MAX_LENGTH) : id;
    }

    /** The engine reads the store only: a key that a file and the store both defined would be rejected. */
    @Bean
    @ConditionalOnBean(FlagsStoreFollower.class)
    @ConditionalOnMissingBean
    FlagsEngineSources flagsEngineSources(FlagsStoreFollower follower) {
        return new FlagsEngineSources(
                List.of(follower.source()), List.of(follower.source().name()));
    }

    /**
     * Only a JDBC store is shared with other instances; a memory store (or the application's own)
     * sees every write through itself, so it is not polled.
     *
     * @param files the application's definitions, read only for {@code flags.store.startup=files}
     */
    static Following following(FlagsProperties properties, Supplier<Definitions> files) {
        FlagsProperties.Store store = properties.getStore();
        if (store.getType() != FlagsProperties.StoreType.JDBC) {
            return Following.NONE;
        }
        Following following =
                Following.DEFAULTS.withInterval(store.getFollowInterval()).withBackupFile(store.getBackupFile());
        return switch (store.getStartup()) {
            case BACKUP -> following.withStartup(Following.Startup.BACKUP, Definitions.EMPTY);
            case FILES -> following.withStartup(Following.Startup.FILES, files.get());
            case FAIL -> following.withStartup(Following.Startup.FAIL, Definitions.EMPTY);
        };
    }

    @Bean
    static FlagManagerDependsOnStoreInitializer flagManagerDependsOnStoreInitializer() {
        return new FlagManagerDependsOnStoreInitializer();
    }

    @Bean
    @ConditionalOnBean(FlagStore.class)
    @ConditionalOnMissingBean
    FlagEvaluationRecorder flagEvaluationRecorder() {
        return new FlagEvaluationRecorder(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBean(FlagStore.class)
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

    /** Makes every {@link FlagManager} wait for the store's seed, whoever asks for it first. */
    static final class FlagManagerDependsOnStoreInitializer extends AbstractDependsOnBeanFactoryPostProcessor {

        FlagManagerDependsOnStoreInitializer() {
            super(FlagManager.class, FlagStoreInitializer.class);
        }
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
    @ConditionalOnClass(JdbcFlags.class)
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
                    .notify(properties.getStore().isNotify())
                    .build();
        }

        /**
         * On PostgreSQL, LISTENs for the NOTIFY of other instances' writes and wakes the follower up;
         * says UNSUPPORTED and stops on other databases.
         */
        @Bean
        @ConditionalOnBooleanProperty(name = "flags.store.notify", matchIfMissing = true)
        @ConditionalOnMissingBean(name = "flagsPostgresPushChannel")
        PushChannel flagsPostgresPushChannel(
                ObjectProvider<DataSource> dataSource, FlagsStoreFollower follower, FlagsProperties properties) {
            return JdbcFlags.listen(
                    dataSource.getObject(), properties.getStore().getTablePrefix(), follower.source(), PUSH_KEEP_ALIVE);
        }
    }

    /**
     * A Hikari pool under a JDBC store evicts the connections its driver calls broken by their exception
     * type (H2), so that the follower catches up once the database is back; see {@link HikariBrokenConnections}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HikariDataSource.class)
    @ConditionalOnProperty(name = "flags.store.type", havingValue = "jdbc")
    static class HikariConfiguration {

        @Bean
        static HikariBrokenConnections.PostProcessor flagsHikariBrokenConnections() {
            return new HikariBrokenConnections.PostProcessor();
        }
    }

    /** Redis pub/sub wake-ups for a JDBC store on any database, with {@code flags.store.redis.url}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({JdbcFlags.class, RedisFlags.class})
    @ConditionalOnProperty(name = "flags.store.type", havingValue = "jdbc")
    static class RedisPushConfiguration {

        @Bean
        @ConditionalOnProperty(name = "flags.store.redis.url")
        @ConditionalOnMissingBean(name = "flagsRedisPushChannel")
        PushChannel flagsRedisPushChannel(FlagStore store, FlagsStoreFollower follower, FlagsProperties properties) {
            FlagsProperties.Store settings = properties.getStore();
            String url = requireNonNull(settings.getRedis().getUrl(), "flags.store.redis.url");
            String channel = settings.getRedis().getChannel();
            return RedisFlags.push(
                    RedisURI.create(url),
                    channel == null ? JdbcFlags.channel(settings.getTablePrefix()) : channel,
                    store,
                    follower.source(),
                    PUSH_KEEP_ALIVE);
        }
    }

    /** Says what is missing rather than starting without the push channel that was asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.flags.redis.RedisFlags")
    @ConditionalOnProperty(name = "flags.store.redis.url")
    static class RedisPushMissingConfiguration {

        @Bean
        PushChannel flagsRedisPushChannel() {
            throw new IllegalStateException(
                    "flags.store.redis.url needs the Redis push channel on the classpath; add the dependency"
                            + " dev.flags:flags-redis");
        }
    }

    /** Says what is missing rather than starting without the store that was asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.flags.jdbc.JdbcFlags")
    @ConditionalOnProperty(name = "flags.store.type", havingValue = "jdbc")
    static class JdbcStoreMissingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagStore flagStore() {
            throw new IllegalStateException(
                    "flags.store.type=jdbc needs the JDBC store on the classpath; add the dependency dev.flags:flags-jdbc");
        }
    }
}
