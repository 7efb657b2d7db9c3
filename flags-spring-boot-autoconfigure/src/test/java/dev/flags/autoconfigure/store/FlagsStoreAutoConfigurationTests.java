package dev.flags.autoconfigure.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.admin.SeedMode;
import dev.flags.admin.StaleFlag;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.source.FlagSources;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class FlagsStoreAutoConfigurationTests {

    static final Actor ADMIN = Actor.of("alice", Permission.values());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsStoreAutoConfiguration.class))
            .withPropertyValues(
                    "flags.definitions.checkout.default-variant=on",
                    "flags.definitions.checkout.owner=checkout-team",
                    "flags.definitions.search.default-variant=off");

    private final FlagStore ownStore = FlagStores.inMemory();

    @Test
    void withoutStoreTypeFlagsComeFromPropertiesAndThereIsNoAdmin() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(FlagManager.class);
            assertThat(context).doesNotHaveBean(FlagStore.class);
            assertThat(context).doesNotHaveBean(FlagAdmin.class);
            assertThat(context).doesNotHaveBean(FlagEvaluationRecorder.class);
            assertThat(context).doesNotHaveBean(FlagsCleanupScheduler.class);
        });
    }

    @Test
    void memoryStoreIsSeededFromPropertiesAndEvaluatedWithWritesVisibleAtOnce() {
        runner.withPropertyValues("flags.store.type=memory").run(context -> {
            FlagStore store = context.getBean(FlagStore.class);
            FlagManager flags = context.getBean(FlagManager.class);
            FlagAdmin admin = context.getBean(FlagAdmin.class);
            assertThat(store.contents().definitions().flags())
                    .extracting(f -> f.key())
                    .containsExactly("checkout", "search");
            assertThat(store.audit(AuditQuery.ALL))
                    .extracting(AuditEntry::actor)
                    .containsOnly("system:seed");
            assertThat(flags.getBooleanDetails("checkout", false, EvaluationContext.EMPTY)
                            .value())
                    .isTrue();

            admin.emergencyOff(ADMIN, "checkout", 1, "incident");

            assertThat(flags.getBooleanDetails("checkout", true, EvaluationContext.EMPTY)
                            .value())
                    .isFalse();
            assertThat(context).hasSingleBean(FlagsCleanupScheduler.class);
        });
    }

    @Test
    void aHikariPoolUnderTheJdbcStoreEvictsConnectionsItsDriverCallsBroken() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ApplicationContextRunner jdbc = runner.withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + url);
        jdbc.withPropertyValues("flags.store.type=jdbc").run(context -> {
            assertThat(context).hasNotFailed();
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            assertThat(pool.getExceptionOverride()).isInstanceOf(HikariBrokenConnections.class);
            SQLExceptionOverride override = pool.getExceptionOverride();
            assertThat(override.adjudicate(new SQLNonTransientConnectionException("broken", "90067", 90067)))
                    .as("H2's broken connection")
                    .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
            assertThat(override.adjudicate(new SQLException("syntax", "42000", 42000)))
                    .as("Hikari's own rules decide the rest")
                    .isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
        });
        jdbc.withPropertyValues(
                        "flags.store.type=jdbc",
                        "spring.datasource.hikari.exception-override-class-name=" + KeepAll.class.getName())
                .run(context -> {
                    HikariDataSource pool = context.getBean(HikariDataSource.class);
                    assertThat(pool.getExceptionOverride())
                            .as("the application's own")
                            .isInstanceOf(KeepAll.class);
                    assertThat(pool.getExceptionOverrideClassName()).isEqualTo(KeepAll.class.getName());
                });
        jdbc.withPropertyValues("flags.store.type=memory")
                .run(context -> assertThat(
                                context.getBean(HikariDataSource.class).getExceptionOverride())
                        .as("not the store's pool")
                        .isNull());
        JdbcDataSource plain = new JdbcDataSource();
        plain.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
                .withBean(DataSource.class, () -> plain)
                .withPropertyValues("flags.store.type=jdbc")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(HikariBrokenConnections.PostProcessor.class);
                });
    }

    /** An application's own override, configured by class name. */
    public static final class KeepAll implements SQLExceptionOverride {}

    @Test
    void jdbcStoreUsesTheDataSourceAndKeepsRuntimeChangesAcrossRestarts() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ApplicationContextRunner jdbc = runner.withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "flags.store.type=jdbc", "flags.store.table-prefix=app_flags_", "spring.datasource.url=" + url);
        jdbc.run(context -> {
            assertThat(context).hasNotFailed();
            FlagAdmin admin = context.getBean(FlagAdmin.class);
            admin.emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "incident");
            try (var connection = context.getBean(javax.sql.DataSource.class).getConnection();
                    var tables = connection.getMetaData().getTables(null, null, "APP_FLAGS_%", null)) {
                assertThat(tables.next()).isTrue();
            }
        });
        // A restart seeds again: the store keeps its emergency-off unless files are authoritative.
        jdbc.run(context -> {
            InspectableFlagManager flags = context.getBean(InspectableFlagManager.class);
            assertThat(flags.definitions().flag("checkout").status()).isEqualTo(FlagStatus.EMERGENCY_OFF);
            assertThat(flags.getBooleanDetails("checkout", true, EvaluationContext.EMPTY)
                            .value())
                    .isFalse();
        });
        jdbc.withPropertyValues("flags.store.seed-mode=files-authoritative").run(context -> {
            FlagStore store = context.getBean(FlagStore.class);
            assertThat(store.flag("checkout").definition().status()).isEqualTo(FlagStatus.ACTIVE);
            assertThat(store.audit(AuditQuery.ALL.forFlag("checkout").withLimit(1)))
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.action()).isEqualTo(AuditAction.SEED_OVERWRITE);
                        assertThat(entry.actor()).isEqualTo("system:seed");
                    });
        });
    }

    @Test
    void twoInstancesSharingAJdbcStoreEachEvaluateTheOthersWrites(@TempDir Path backups) {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ApplicationContextRunner instance = runner.withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "flags.store.type=jdbc", "flags.store.follow-interval=50ms", "spring.datasource.url=" + url);
        instance.withPropertyValues("flags.store.backup-file=" + backups.resolve("one.json"))
                .run(one -> instance.withPropertyValues("flags.store.backup-file=" + backups.resolve("two.json"))
                        .run(two -> {
                            FlagManager onTwo = two.getBean(FlagManager.class);
                            assertThat(onTwo.isEnabled("checkout", EvaluationContext.EMPTY))
                                    .isTrue();

                            one.getBean(FlagAdmin.class)
                                    .emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "incident");

                            long deadline =
                                    System.nanoTime() + Duration.ofSeconds(5).toNanos();
                            while (onTwo.isEnabled("checkout", EvaluationContext.EMPTY)
                                    && System.nanoTime() < deadline) {
                                Thread.sleep(10);
                            }
                            assertThat(onTwo.getBooleanDetails("checkout", true, EvaluationContext.EMPTY)
                                            .value())
                                    .isFalse();
                            assertThat(backups.resolve("two.json")).exists();
                        }));
    }

    @Test
    void onlyAJdbcStoreIsFollowedWithTheStartupPolicyOfTheProperties() {
        FlagsProperties properties = new FlagsProperties();
        Definitions files = Definitions.of(
                FlagDefinition.builder("from-files").defaultVariant("on").build());
        properties.getStore().setType(FlagsProperties.StoreType.MEMORY);
        assertThat(FlagsStoreAutoConfiguration.following(properties, () -> files))
                .isEqualTo(Following.NONE);
        properties.getStore().setType(FlagsProperties.StoreType.JDBC);
        properties.getStore().setFollowInterval(Duration.ofMillis(250));
        Following following = FlagsStoreAutoConfiguration.following(properties, () -> {
            throw new AssertionError("the files are read for the files policy only");
        });
        assertThat(following.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(following.startup()).isEqualTo(Following.Startup.BACKUP);
        properties.getStore().setStartup(FlagsProperties.StoreStartup.FILES);
        following = FlagsStoreAutoConfiguration.following(properties, () -> files);
        assertThat(following.startup()).isEqualTo(Following.Startup.FILES);
        assertThat(following.files()).isSameAs(files);
        properties.getStore().setStartup(FlagsProperties.StoreStartup.FAIL);
        assertThat(FlagsStoreAutoConfiguration.following(properties, () -> files)
                        .startup())
                .isEqualTo(Following.Startup.FAIL);
    }

    @Test
    void theInstanceIdIsTheApplicationsNameHostAndFixedPortUnlessConfigured() {
        runner.withPropertyValues("flags.store.type=memory")
                .run(context -> assertThat(
                                context.getBean(FlagsStoreFollower.class).instanceId())
                        .isEqualTo("flags@" + Following.host()));
        runner.withPropertyValues("flags.store.type=memory", "spring.application.name=shop", "server.port=8081")
                .run(context -> assertThat(
                                context.getBean(FlagsStoreFollower.class).instanceId())
                        .isEqualTo("shop@" + Following.host() + ":8081"));
        runner.withPropertyValues("flags.store.type=memory", "spring.application.name=shop", "server.port=0")
                .run(context -> assertThat(
                                context.getBean(FlagsStoreFollower.class).instanceId())
                        .as("a random port is no identity")
                        .isEqualTo("shop@" + Following.host()));
        runner.withPropertyValues("flags.store.type=memory", "flags.store.instance-id= pod-7 ", "server.port=8081")
                .run(context -> {
                    FlagsStoreFollower follower = context.getBean(FlagsStoreFollower.class);
                    assertThat(follower.instanceId()).isEqualTo("pod-7");
                    assertThat(follower.details()).containsEntry("instance", "pod-7");
                });
        runner.withPropertyValues("flags.store.type=memory", "flags.store.instance-id=" + "x".repeat(201))
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.store.instance-id must have at most 200 characters, had 201"));
    }

    @Test
    void aMemoryStoreListsThisInstanceAloneInTheFleet() {
        runner.withPropertyValues(
                        "flags.store.type=memory", "flags.store.instance-id=solo", "flags.store.instance-expiry=1m")
                .run(context -> {
                    Map<String, Object> fleet =
                            context.getBean(FlagsStoreFollower.class).fleetDetails();
                    assertThat(fleet)
                            .containsEntry("head", 2L)
                            .containsEntry("goneAfter", "PT1M")
                            .containsEntry("behind", List.of())
                            .containsEntry("silent", List.of())
                            .doesNotContainKey("error");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> instances = (List<Map<String, Object>>) fleet.get("instances");
                    assertThat(instances).hasSize(1);
                    assertThat(instances.get(0))
                            .containsEntry("id", "solo")
                            .containsEntry("host", Following.host())
                            .containsEntry("applied", 2L)
                            .containsEntry("lag", 0L)
                            .containsEntry("state", "CURRENT")
                            .containsEntry("self", true);
                });
    }

    @Test
    void jdbcStoreWithoutDataSourceFailsWithAMessage() {
        runner.withPropertyValues("flags.store.type=jdbc")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("flags.store.type=jdbc needs exactly one DataSource bean"));
    }

    @Test
    void backsOffToUserStoreAndAdmin() {
        FlagStore userStore = FlagStores.inMemory();
        FlagAdmin userAdmin = FlagAdmin.builder(userStore).build();
        runner.withPropertyValues("flags.store.type=memory")
                .withBean("userStore", FlagStore.class, () -> userStore)
                .withBean("userAdmin", FlagAdmin.class, () -> userAdmin)
                .run(context -> {
                    assertThat(context.getBean(FlagStore.class)).isSameAs(userStore);
                    assertThat(context.getBean(FlagAdmin.class)).isSameAs(userAdmin);
                    // The user's store is seeded and evaluated all the same.
                    assertThat(userStore.contents().definitions().flags()).hasSize(2);
                });
    }

    @Test
    void publishesAuditEntriesAsApplicationEvents() {
        runner.withPropertyValues("flags.store.type=memory")
                .withUserConfiguration(EventCollector.class)
                .run(context -> {
                    List<FlagAuditEvent> events = context.getBean(EventCollector.class).events;
                    assertThat(events).extracting(e -> e.getEntry().action()).containsOnly(AuditAction.SEED_IMPORT);
                    events.clear();

                    context.getBean(FlagAdmin.class).emergencyOff(ADMIN, "search", 1, "broken index");

                    assertThat(events).singleElement().satisfies(event -> {
                        assertThat(event.getEntry().action()).isEqualTo(AuditAction.STATUS_CHANGE);
                        assertThat(event.getEntry().actor()).isEqualTo("alice");
                        assertThat(event.getEntry().reason()).isEqualTo("broken index");
                    });
                });
    }

    @Test
    void evaluationsFeedTheStaleReport() {
        runner.withPropertyValues("flags.store.type=memory", "flags.admin.unevaluated-after=1ms")
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    FlagEvaluationRecorder recorder = context.getBean(FlagEvaluationRecorder.class);
                    flags.getBooleanDetails("checkout", false, EvaluationContext.EMPTY);
                    flags.getBooleanDetails("no-such-flag", false, EvaluationContext.EMPTY);
                    Thread.sleep(5);

                    assertThat(recorder.lastEvaluated("checkout")).isNotNull();
                    assertThat(recorder.lastEvaluated("search")).isNull();
                    assertThat(recorder.lastEvaluated("no-such-flag")).isNull();
                    assertThat(context.getBean(FlagAdmin.class)
                                    .staleFlags(ADMIN)
                                    .findings(StaleFlag.Reason.NOT_EVALUATED))
                            .extracting(StaleFlag::key)
                            .contains("search");
                });
    }

    @Test
    void cleanupCanBeSwitchedOff() {
        runner.withPropertyValues("flags.store.type=memory", "flags.admin.cleanup.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(FlagAdmin.class);
                    assertThat(context).doesNotHaveBean(FlagsCleanupScheduler.class);
                });
    }

    @Test
    void cleanupRunsOnACronExpression() {
        runner.withPropertyValues("flags.store.type=memory", "flags.admin.cleanup.cron=0 0 3 * * *")
                .run(context -> {
                    FlagsCleanupScheduler cleanup = context.getBean(FlagsCleanupScheduler.class);
                    assertThat(cleanup.run()).isEmpty();
                });
    }

    @Test
    void backsOffWithoutTheFlagsCore() {
        runner.withPropertyValues("flags.store.type=memory")
                .withClassLoader(new FilteredClassLoader(FlagManager.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FlagStore.class);
                    assertThat(context).doesNotHaveBean(FlagAdmin.class);
                });
    }

    @Test
    void backsOffEntirelyWhenFlagsAreDisabled() {
        runner.withPropertyValues("flags.enabled=false", "flags.store.type=memory")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FlagStore.class);
                    assertThat(context).doesNotHaveBean(FlagAdmin.class);
                });
    }

    @Test
    void seedsTheStoreBeforeTheEngineReadsItWhoeverAsksForTheEngineFirst() {
        runner.withPropertyValues("flags.store.type=memory")
                .withBean(EarlyReader.class)
                .run(context -> {
                    assertThat(context.getBean(EarlyReader.class).checkoutOn)
                            .as("evaluated while the context starts, before the initializer's own turn")
                            .isTrue();
                    assertThat(context.getBeanFactory()
                                    .getBeanDefinition("flagManager")
                                    .getDependsOn())
                            .contains("flagStoreInitializer");
                    FlagStoreInitializer initializer = context.getBean(FlagStoreInitializer.class);
                    assertThat(initializer.result().importedFlags()).containsExactly("checkout", "search");
                });
    }

    @Test
    void backsOffToTheApplicationsInitializerAndTheEngineStillWaitsForIt() {
        runner.withPropertyValues("flags.store.type=memory")
                .withBean(EarlyReader.class)
                .withBean(
                        "ownInitializer",
                        FlagStoreInitializer.class,
                        () -> new FlagStoreInitializer(
                                ownStore,
                                List.of(FlagSources.classpath(
                                        "test-flags.yml", getClass().getClassLoader())),
                                SeedMode.IMPORT_MISSING,
                                List.of()))
                .withBean("ownStore", FlagStore.class, () -> ownStore)
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(FlagStoreInitializer.class)
                            .hasBean("ownInitializer");
                    assertThat(context.getBean(InspectableFlagManager.class)
                                    .definitions()
                                    .flags())
                            .extracting(FlagDefinition::key)
                            .containsExactly("from-classpath");
                    assertThat(context.getBean(EarlyReader.class).fromClasspathOn)
                            .isTrue();
                });
    }

    @Test
    void jdbcStoreWithoutFlagsJdbcFailsNamingTheDependency() {
        runner.withPropertyValues("flags.store.type=jdbc")
                .withClassLoader(new FilteredClassLoader("dev.flags.jdbc"))
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessage("flags.store.type=jdbc needs the JDBC store on the classpath;"
                                + " add the dependency dev.flags:flags-jdbc"));
        runner.withPropertyValues("flags.store.type=memory")
                .withClassLoader(new FilteredClassLoader("dev.flags.jdbc"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(FlagAdmin.class));
    }

    @Test
    void withoutFlagsAdminTheEngineReadsThePropertiesAndThereIsNoStore() {
        runner.withPropertyValues("flags.store.type=memory")
                .withClassLoader(new FilteredClassLoader("dev.flags.admin", "dev.flags.store"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(FlagStoreInitializer.class);
                    assertThat(context).doesNotHaveBean("flagStore").doesNotHaveBean("flagAdmin");
                    assertThat(context.getBean(FlagsLoadState.class).sources())
                            .containsExactly("application properties (flags.*)");
                    assertThat(context.getBean(FlagManager.class).isEnabled("checkout", EvaluationContext.EMPTY))
                            .isTrue();
                });
    }

    @Test
    void readsTheSeedModeAsLenientlyAsATypedPropertyAndFailsStartupOnAnUnknownOne() {
        assertThat(FlagsStoreAutoConfiguration.seedMode("files-authoritative")).isEqualTo(SeedMode.FILES_AUTHORITATIVE);
        assertThat(FlagsStoreAutoConfiguration.seedMode("IMPORT_MISSING")).isEqualTo(SeedMode.IMPORT_MISSING);
        runner.withPropertyValues("flags.store.type=memory", "flags.store.seed-mode=overwrite")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("No enum constant dev.flags.admin.SeedMode.overwrite"));
    }

    /** Evaluates while the context starts: registered before the auto-configuration's beans. */
    static final class EarlyReader {

        final boolean checkoutOn;

        final boolean fromClasspathOn;

        EarlyReader(FlagManager flags) {
            this.checkoutOn = flags.isEnabled("checkout", EvaluationContext.EMPTY);
            this.fromClasspathOn = flags.isEnabled("from-classpath", EvaluationContext.EMPTY);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventCollector implements ApplicationListener<FlagAuditEvent> {

        final List<FlagAuditEvent> events = new ArrayList<>();

        @Override
        public void onApplicationEvent(FlagAuditEvent event) {
            events.add(event);
        }

        @Bean
        String marker() {
            return "marker";
        }
    }
}
