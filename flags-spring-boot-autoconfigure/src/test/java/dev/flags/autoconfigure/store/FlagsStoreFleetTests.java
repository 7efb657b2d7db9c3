package dev.flags.autoconfigure.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flags.EvaluationContext;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsLoadState;
import dev.flags.autoconfigure.actuate.FlagsEndpoint;
import dev.flags.autoconfigure.actuate.FlagsEndpointAutoConfiguration;
import dev.flags.autoconfigure.actuate.FlagsHealthAutoConfiguration;
import dev.flags.autoconfigure.metrics.FlagsMetricsAutoConfiguration;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Prerequisite;
import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreException;
import dev.flags.store.FollowStatus;
import dev.flags.store.Following;
import dev.flags.store.TcpFaultProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Instances sharing one H2 database in server mode, each an application context, with a loopback
 * proxy between them and the database that the tests cut: the follower's status in health, the
 * endpoint and the meters, the startup policies, and recovery with catch-up.
 */
class FlagsStoreFleetTests {

    static final Actor ADMIN = Actor.of("alice", Permission.values());

    private static Server h2;

    private final String database = "mem:fleet_" + UUID.randomUUID().toString().replace("-", "");

    private final TcpFaultProxy proxy = TcpFaultProxy.to("127.0.0.1", h2.getPort());

    @TempDir
    Path backups;

    @BeforeAll
    static void startDatabase() throws SQLException {
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    @AfterAll
    static void stopDatabase() {
        h2.stop();
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    /** An instance reaching the database through the proxy. */
    private ApplicationContextRunner instance() {
        return instance(proxy);
    }

    /** An instance reaching the database through a proxy of its own. */
    private ApplicationContextRunner instance(TcpFaultProxy through) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        DataSourceAutoConfiguration.class,
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsHealthAutoConfiguration.class,
                        FlagsEndpointAutoConfiguration.class,
                        FlagsMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withBean(Events.class)
                .withPropertyValues(
                        "management.endpoints.web.exposure.include=flags,health",
                        "flags.store.type=jdbc",
                        "flags.store.follow-interval=50ms",
                        "spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + through.port() + "/" + database
                                + ";DB_CLOSE_DELAY=-1",
                        "spring.datasource.hikari.connection-timeout=600",
                        // The pool starts without a first connection, so that a cut database fails each query in
                        // the connection timeout rather than in a pool start-up attempt of a second.
                        "spring.datasource.hikari.initialization-fail-timeout=-1",
                        "flags.definitions.checkout.default-variant=on",
                        "flags.definitions.search.default-variant=on");
    }

    /** The same database, not through the proxy: what another instance writes while this one is cut off. */
    private FlagStore directStore() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/" + database + ";DB_CLOSE_DELAY=-1");
        return JdbcFlags.store(dataSource).build();
    }

    @Test
    void anInstanceBehindShowsAppliedHeadAndLagInHealthTheEndpointAndTheGauge() {
        instance()
                .withPropertyValues("flags.store.instance-id=one")
                .run(one -> instance()
                        .withPropertyValues("flags.store.instance-id=two")
                        .run(two -> {
                            FlagStore store = one.getBean(FlagStore.class);
                            long before = store.head();
                            // Written past the admin service's validation: a prerequisite on a flag that does not
                            // exist,
                            // which every engine refuses, so the instances stay at the change before it.
                            store.putFlag(
                                    FlagDefinition.builder("broken")
                                            .defaultVariant("on")
                                            .prerequisite(Prerequisite.of("missing", "on"))
                                            .build(),
                                    FlagStore.NEW,
                                    ChangeNote.of(AuditAction.CREATE, "mallory"));
                            FlagsStoreFollower follower = two.getBean(FlagsStoreFollower.class);
                            FlagsLoadState loads = two.getBean(FlagsLoadState.class);
                            await(() -> follower.status().head() == before + 1 && loads.lastError() != null);

                            FollowStatus status = follower.status();
                            assertThat(status.applied()).isEqualTo(before);
                            assertThat(status.lag()).isEqualTo(1);
                            Map<String, Object> details = health(two).getDetails();
                            @SuppressWarnings("unchecked")
                            Map<String, Object> storeDetails =
                                    new java.util.LinkedHashMap<>((Map<String, Object>) details.get("store"));
                            assertThat((String) storeDetails.remove("lastContact"))
                                    .as("changes with every poll")
                                    .matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                            assertThat(storeDetails)
                                    .containsExactly(
                                            Map.entry("store", "jdbc store (flags_*)"),
                                            Map.entry("instance", "two"),
                                            Map.entry("applied", before),
                                            Map.entry("head", before + 1),
                                            Map.entry("lag", 1L),
                                            Map.entry("stale", false),
                                            Map.entry("servingBackup", false),
                                            Map.entry("fullReloads", 1L),
                                            Map.entry("push", Map.of()));
                            assertThat((String) details.get("lastError"))
                                    .startsWith("jdbc store (flags_*): ")
                                    .contains("flags.broken.prerequisites[0].flag: unknown flag 'missing'");
                            assertThat(two.getBean(FlagsEndpoint.class).flags().store())
                                    .containsEntry("applied", before)
                                    .containsEntry("lag", 1L);
                            // Both refuse the change, so the listing of either shows both behind it.
                            await(() -> fleet(one).get("behind").equals(List.of("one", "two")));
                            Map<String, Object> fleet = fleet(two);
                            assertThat(fleet).containsEntry("head", before + 1).containsEntry("silent", List.of());
                            assertThat(instances(fleet))
                                    .extracting(
                                            i -> i.get("id"),
                                            i -> i.get("applied"),
                                            i -> i.get("lag"),
                                            i -> i.get("state"))
                                    .containsExactly(
                                            tuple("one", before, 1L, "BEHIND"), tuple("two", before, 1L, "BEHIND"));
                            MeterRegistry meters = two.getBean(MeterRegistry.class);
                            assertThat(meters.get("flags.store.lag")
                                            .tag("store", "jdbc store (flags_*)")
                                            .gauge()
                                            .value())
                                    .isEqualTo(1.0);
                            assertThat(meters.get("flags.store.sequence")
                                            .tag("kind", "head")
                                            .gauge()
                                            .value())
                                    .isEqualTo(before + 1.0);
                            assertThat(meters.get("flags.store.stale")
                                            .timeGauge()
                                            .value())
                                    .isZero();
                        }));
    }

    @Test
    void theEndpointListsTheFleetMarkingAnInstanceCutFromTheDatabaseSilent() {
        try (TcpFaultProxy cable = TcpFaultProxy.to("127.0.0.1", h2.getPort())) {
            instance()
                    .withPropertyValues("flags.store.instance-id=one")
                    .run(one -> instance()
                            .withPropertyValues("flags.store.instance-id=two")
                            .run(two -> instance(cable)
                                    .withPropertyValues("flags.store.instance-id=three")
                                    .run(three -> {
                                        FlagAdmin admin = one.getBean(FlagAdmin.class);
                                        long head = one.getBean(FlagStore.class).head();
                                        await(() -> states(one)
                                                .equals(Map.of(
                                                        "one", "CURRENT", "two", "CURRENT", "three", "CURRENT")));
                                        assertThat(instances(fleet(one)))
                                                .extracting(i -> i.get("id"), i -> i.get("applied"), i -> i.get("self"))
                                                .containsExactly(
                                                        tuple("one", head, true),
                                                        tuple("three", head, false),
                                                        tuple("two", head, false));

                                        cable.cut();
                                        admin.emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "incident");
                                        await(() -> states(one)
                                                .equals(Map.of("one", "CURRENT", "two", "CURRENT", "three", "SILENT")));
                                        Map<String, Object> fleet = fleet(two);
                                        assertThat(fleet)
                                                .containsEntry("head", head + 1)
                                                .containsEntry("silentAfter", "PT2S")
                                                .containsEntry("goneAfter", "PT5M")
                                                .containsEntry("behind", List.of())
                                                .containsEntry("silent", List.of("three"))
                                                .doesNotContainKey("sharedIds");
                                        assertThat(instances(fleet))
                                                .filteredOn(i -> i.get("id").equals("three"))
                                                .extracting(
                                                        i -> i.get("applied"), i -> i.get("lag"), i -> i.get("host"))
                                                .containsExactly(tuple(head, 1L, Following.host()));
                                        Map<String, Object> fromTheCut = fleet(three);
                                        assertThat(three.getBean(FlagsEndpoint.class)
                                                        .flags()
                                                        .stale())
                                                .as("the listing answers without the stale-flag report")
                                                .isNull();
                                        assertThat((String) fromTheCut.get("error"))
                                                .startsWith("Cannot ");
                                        assertThat(instances(fromTheCut))
                                                .extracting(i -> i.get("id"), i -> i.get("state"))
                                                .containsExactly(tuple("three", "SILENT"));
                                        assertThat(three.getBean(FlagManager.class)
                                                        .isEnabled("checkout", EvaluationContext.EMPTY))
                                                .as("the last good snapshot, before the kill switch")
                                                .isTrue();

                                        cable.restore();
                                        FlagsStoreFollower follower = three.getBean(FlagsStoreFollower.class);
                                        await(() -> follower.status().applied() == head + 1);
                                        assertThat(follower.status().stale()).isFalse();
                                        assertThat(three.getBean(FlagManager.class)
                                                        .isEnabled("checkout", EvaluationContext.EMPTY))
                                                .as("the kill switch pulled while it was cut")
                                                .isFalse();
                                        await(() -> states(one)
                                                .equals(Map.of(
                                                        "one", "CURRENT", "two", "CURRENT", "three", "CURRENT")));
                                        assertThat(states(three))
                                                .isEqualTo(
                                                        Map.of("one", "CURRENT", "two", "CURRENT", "three", "CURRENT"));
                                    })));
        }
    }

    @Test
    void twoInstancesSharingAnIdAreBothListedAndTheIdNamedAsShared() {
        instance()
                .withPropertyValues("flags.store.instance-id=twin")
                .run(first -> instance()
                        .withPropertyValues("flags.store.instance-id=twin")
                        .run(second -> {
                            // Each overwrites the other's row on its polls: the listing of the one whose
                            // row was overwritten last shows the other beside itself.
                            AtomicReference<Map<String, Object>> shared = new AtomicReference<>();
                            await(() -> {
                                for (ApplicationContext twin : List.of(first, second)) {
                                    Map<String, Object> listing = fleet(twin);
                                    if (listing.containsKey("sharedIds")) {
                                        shared.set(listing);
                                        return true;
                                    }
                                }
                                return false;
                            });
                            Map<String, Object> fleet = shared.get();
                            assertThat(fleet).containsEntry("sharedIds", List.of("twin"));
                            assertThat(instances(fleet))
                                    .extracting(i -> i.get("id"), i -> i.get("self"))
                                    .containsExactly(tuple("twin", true), tuple("twin", false));
                            assertThat(instances(fleet).get(0).get("started"))
                                    .isNotEqualTo(instances(fleet).get(1).get("started"));
                        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fleet(ApplicationContext context) {
        Map<String, Object> store = context.getBean(FlagsEndpoint.class).flags().store();
        assertThat(store).isNotNull();
        return (Map<String, Object>) store.get("fleet");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> instances(Map<String, Object> fleet) {
        return (List<Map<String, Object>>) fleet.get("instances");
    }

    private static Map<String, String> states(ApplicationContext context) {
        Map<String, String> states = new java.util.TreeMap<>();
        for (Map<String, Object> instance : instances(fleet(context))) {
            states.put((String) instance.get("id"), (String) instance.get("state"));
        }
        return states;
    }

    @Test
    void startsFromTheBackupWhileTheDatabaseIsCutAndCatchesUpWhenItReturns() throws Exception {
        Path backup = backups.resolve("flags.json");
        instance()
                .withPropertyValues("flags.store.backup-file=" + backup)
                .run(one -> one.getBean(FlagAdmin.class)
                        .emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "incident"));
        assertThat(Files.readString(backup)).contains("\"format\":\"flags-store-backup-1\"");
        proxy.cut();

        instance().withPropertyValues("flags.store.backup-file=" + backup).run(two -> {
            assertThat(two).hasNotFailed();
            FlagManager flags = two.getBean(FlagManager.class);
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY))
                    .as("the backup's kill switch")
                    .isFalse();
            Events events = two.getBean(Events.class);
            await(() -> !events.failed.isEmpty());
            assertThat(events.failed.get(0)).startsWith("jdbc store (flags_*): Cannot ");
            FollowStatus status = two.getBean(FlagsStoreFollower.class).status();
            assertThat(status.servingBackup()).isTrue();
            assertThat(status.stale()).isTrue();
            assertThat(status.applied()).as("the backup's sequence").isEqualTo(3);
            Health health = health(two);
            assertThat(health.getStatus()).as("serving the last good snapshot").isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> store =
                    (Map<String, Object>) health.getDetails().get("store");
            assertThat(store)
                    .containsEntry("stale", true)
                    .containsEntry("servingBackup", true)
                    .containsEntry("staleSince", status.staleSince().toString());
            assertThat(two.getBean(MeterRegistry.class)
                            .get("flags.store.stale")
                            .timeGauge()
                            .value())
                    .isPositive();
            FlagAdmin admin = two.getBean(FlagAdmin.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> admin.emergencyOff(ADMIN, "search", FlagAdmin.ANY_VERSION, "while cut"))
                    .isInstanceOf(FlagStoreException.class);

            // Another instance, still connected, pulls a second kill switch meanwhile.
            FlagStore direct = directStore();
            direct.putFlag(
                    direct.flag("search").definition().withStatus(dev.flags.definition.FlagStatus.EMERGENCY_OFF),
                    direct.flag("search").version(),
                    ChangeNote.of(AuditAction.STATUS_CHANGE, "bob"));
            proxy.restore();

            await(() -> !flags.isEnabled("search", EvaluationContext.EMPTY));
            await(() -> !events.recovered.isEmpty());
            FollowStatus recovered = two.getBean(FlagsStoreFollower.class).status();
            assertThat(recovered.stale()).isFalse();
            assertThat(recovered.applied()).isEqualTo(direct.head()).isEqualTo(recovered.head());
            assertThat(flags.isEnabled("checkout", EvaluationContext.EMPTY)).isFalse();
            assertThat(events.recovered).containsExactly("jdbc store (flags_*)");
        });
    }

    @Test
    void filesPolicyServesTheApplicationsDefinitionsWhileTheDatabaseIsCut() {
        proxy.cut();
        instance().withPropertyValues("flags.store.startup=files").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FlagManager.class).isEnabled("checkout", EvaluationContext.EMPTY))
                    .isTrue();
            FollowStatus status = context.getBean(FlagsStoreFollower.class).status();
            assertThat(status.servingBackup()).isTrue();
            assertThat(status.applied()).isZero();
            proxy.restore();
            await(() -> !context.getBean(FlagsStoreFollower.class).status().stale());
            assertThat(directStore().flag("checkout"))
                    .as("not seeded in the run that started without the store")
                    .isNull();
        });
    }

    @Test
    void failPolicyAndAMissingBackupFailStartupNamingTheStoreAndTheCause() {
        proxy.cut();
        instance()
                .withPropertyValues("flags.store.startup=fail")
                .run(context -> assertThat(rootStoreFailure(context))
                        .startsWith("Cannot read the flag store jdbc store (flags_*) at startup: Cannot "));
        instance()
                .run(context -> assertThat(rootStoreFailure(context))
                        .startsWith("Cannot read the flag store jdbc store (flags_*) at startup and no backup file is"
                                + " configured: Cannot "));
        instance()
                .withPropertyValues("flags.store.backup-file=" + backups.resolve("none.json"))
                .run(context -> assertThat(rootStoreFailure(context))
                        .startsWith("Cannot read the flag store jdbc store (flags_*) at startup and there is no"
                                + " backup file " + backups.resolve("none.json") + ": Cannot "));
    }

    private static String rootStoreFailure(
            org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
            if (cause instanceof FlagStoreException && cause.getMessage().startsWith("Cannot read the flag store")) {
                return cause.getMessage();
            }
        }
        throw new AssertionError("no startup failure of the store in", context.getStartupFailure());
    }

    private static Health health(ApplicationContext context) {
        return context.getBean("flagsHealthIndicator", HealthIndicator.class).health(true);
    }

    private static void await(BooleanSupplier condition) {
        await(condition, Duration.ofSeconds(10));
    }

    private static void await(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + within);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The engine's listener: what it was told about loads. */
    static final class Events implements FlagChangeListener {

        final List<String> failed = new CopyOnWriteArrayList<>();
        final List<String> recovered = new CopyOnWriteArrayList<>();

        @Override
        public void flagsChanged(Set<String> changedKeys) {}

        @Override
        public void loadFailed(String source, RuntimeException error) {
            failed.add(source + ": " + error.getMessage());
        }

        @Override
        public void loadRecovered(String source) {
            recovered.add(source);
        }
    }
}
