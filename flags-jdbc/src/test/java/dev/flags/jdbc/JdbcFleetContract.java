package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flags.EvaluationContext;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.admin.ValidationException;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Prerequisite;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreException;
import dev.flags.store.FlagStores;
import dev.flags.store.Fleet;
import dev.flags.store.FleetInstance;
import dev.flags.store.FollowStatus;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances over one database: each has its own store object and engine, as separate
 * processes would, and follows the others' writes through the change log. Each test has its own
 * table prefix and drops its tables, since other builds share the servers.
 */
abstract class JdbcFleetContract {

    static final Duration INTERVAL = Duration.ofMillis(50);
    static final EvaluationContext ANYONE = EvaluationContext.of("user-1");

    abstract DataSource dataSource();

    @TempDir
    Path directory;

    String prefix;
    CuttableDataSource cuttable;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void createTables() {
        prefix = "f"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";
        cuttable = new CuttableDataSource(dataSource());
    }

    @AfterEach
    void dropTables() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        new JdbcSchema(dataSource(), prefix, Clock.systemUTC()).dropTables();
    }

    FlagStore store(DataSource dataSource) {
        return JdbcFlags.store(dataSource).tablePrefix(prefix).build();
    }

    /** An instance: its own store object and an engine following the store. */
    final class Instance {
        final FlagStore store;
        final FollowingSource source;
        final InspectableFlagManager flags;
        final List<String> events = new CopyOnWriteArrayList<>();

        Instance(DataSource dataSource, Following following) {
            this.store = store(dataSource);
            this.source = FlagStores.follow(store, following);
            this.flags = FlagManager.builder()
                    .source(source)
                    .listener(new FlagChangeListener() {
                        @Override
                        public void flagsChanged(Set<String> changedKeys) {
                            events.add("changed " + changedKeys);
                        }

                        @Override
                        public void loadFailed(String name, RuntimeException error) {
                            events.add("failed " + error.getMessage());
                        }

                        @Override
                        public void loadRecovered(String name) {
                            events.add("recovered");
                        }
                    })
                    .build();
            closing.add(0, flags);
        }

        boolean on(String key) {
            return flags.getBoolean(key, false, ANYONE);
        }
    }

    Instance instance() {
        return new Instance(dataSource(), Following.DEFAULTS.withInterval(INTERVAL));
    }

    static FlagDefinition flag(String key, String variant) {
        return FlagDefinition.builder(key).defaultVariant(variant).build();
    }

    static ChangeNote note() {
        return new ChangeNote(AuditAction.UPDATE, "alice", null);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void anInstanceAppliesAnotherInstancesWritesThroughItsEngine() throws Exception {
        Instance writer = instance();
        Instance follower = instance();
        writer.store.putFlag(flag("kill-switch", "on"), FlagStore.NEW, note());

        await("the follower serves the new flag", () -> follower.on("kill-switch"));
        writer.store.putFlag(flag("kill-switch", "off"), 1, note());
        await("the follower serves the kill switch pulled", () -> !follower.on("kill-switch"));
        // The engine swaps first, then the source records the sequence, then the listeners hear of
        // it: a reader may see the new answer a moment before the status and the listeners do.
        await("the follower's listeners heard of both changes", () -> follower.events.size() == 2);

        FollowStatus status = follower.source.status();
        assertThat(status.applied()).isEqualTo(2);
        assertThat(status.head()).isEqualTo(2);
        assertThat(status.lag()).isZero();
        assertThat(status.stale()).isFalse();
        assertThat(status.fullReloads()).isEqualTo(1);
        assertThat(follower.events).containsExactly("changed [kill-switch]", "changed [kill-switch]");
        assertThat(follower.flags.definitions()).isEqualTo(writer.flags.definitions());
    }

    @Test
    void aDeletionReachesTheFollowerAndAppliedEntriesAreNotAppliedTwice() throws Exception {
        Instance writer = instance();
        Instance follower = instance();
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        writer.store.putFlag(flag("b", "on"), FlagStore.NEW, note());
        writer.store.deleteFlag("a", 1, new ChangeNote(AuditAction.DELETE, "alice", "gone"));
        await(
                "the follower applied all three",
                () -> follower.source.status().applied() == 3
                        && follower.flags.definitions().flag("a") == null);

        Definitions before = follower.flags.definitions();
        assertThat(follower.source.load()).isEqualTo(before);
        assertThat(follower.source.load()).isEqualTo(before);
        assertThat(before.flags()).extracting(FlagDefinition::key).containsExactly("b");
        assertThat(follower.source.status().fullReloads()).isEqualTo(1);
    }

    @Test
    void aTrimmedLogMakesTheFollowerReadTheWholeStore() throws Exception {
        Instance writer = instance();
        Instance follower = instance();
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        await(
                "the follower applied the first write",
                () -> follower.source.status().applied() == 1);
        follower.flags.close();

        writer.store.putFlag(flag("b", "on"), FlagStore.NEW, note());
        writer.store.putFlag(flag("c", "on"), FlagStore.NEW, note());
        execute("DELETE FROM " + prefix + "changes WHERE seq <= 2");

        Definitions definitions = follower.source.load();
        assertThat(definitions.flags()).extracting(FlagDefinition::key).containsExactly("a", "b", "c");
        assertThat(follower.source.status().applied())
                .as("until the engine applied them")
                .isEqualTo(1);
        follower.source.applied(definitions);
        assertThat(follower.source.status().applied()).isEqualTo(3);
        assertThat(follower.source.status().fullReloads()).isEqualTo(2);
    }

    @Test
    void aLogTrimmedToItsEndIsSeenThroughTheHead() throws Exception {
        Instance writer = instance();
        // Polls only when woken, so that the trim happens before the follower looks.
        Instance follower = new Instance(dataSource(), Following.DEFAULTS.withInterval(Duration.ofHours(1)));
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        follower.source.wakeUp();
        await(
                "the follower applied the first write",
                () -> follower.source.status().applied() == 1);
        writer.store.putFlag(flag("b", "on"), FlagStore.NEW, note());
        execute("DELETE FROM " + prefix + "changes");

        follower.source.wakeUp();
        await(
                "the follower read the whole store",
                () -> follower.source.status().applied() == 2);
        assertThat(follower.on("b")).isTrue();
        assertThat(follower.source.status().fullReloads()).isEqualTo(2);
    }

    @Test
    void aStoreRestoredToAnEarlierPointIsReadWhole() throws Exception {
        Instance writer = instance();
        Instance follower = instance();
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        writer.store.putFlag(flag("b", "on"), FlagStore.NEW, note());
        await("the follower applied both writes", () -> follower.source.status().applied() == 2);

        // As a restore from an older dump would: flag b and its entry gone, the head back at 1.
        execute("DELETE FROM " + prefix + "flags WHERE flag_key = 'b'");
        execute("DELETE FROM " + prefix + "changes WHERE seq = 2");
        execute("UPDATE " + prefix + "sequence SET seq = 1");

        await("the follower dropped flag b", () -> !follower.on("b"));
        assertThat(follower.source.status().applied()).isEqualTo(1);
        assertThat(follower.source.status().fullReloads()).isEqualTo(2);
    }

    @Test
    void aChangeTheEngineRefusesKeepsTheLastGoodSnapshotAndIsNotCountedAsApplied() throws Exception {
        Instance writer = instance();
        Instance follower = instance();
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        await("the follower applied the first write", () -> follower.on("a"));

        // A store does not validate; a write that bypasses the admin service can be invalid.
        writer.store.putFlag(
                FlagDefinition.builder("a")
                        .defaultVariant("off")
                        .prerequisite(Prerequisite.of("missing", "on"))
                        .build(),
                1,
                note());
        await(
                "the follower reported the refused change",
                () -> follower.events.stream().anyMatch(event -> event.startsWith("failed ")));

        assertThat(follower.on("a")).isTrue();
        assertThat(follower.source.status().applied()).isEqualTo(1);
        assertThat(follower.source.status().head()).isEqualTo(2);
        assertThat(follower.source.status().lag()).isEqualTo(1);
    }

    private Instance named(DataSource dataSource, String id) {
        return new Instance(
                dataSource, Following.DEFAULTS.withInterval(INTERVAL).withInstance(id, Duration.ofMinutes(5)));
    }

    private static Map<String, Fleet.State> states(Instance instance) {
        Map<String, Fleet.State> states = new TreeMap<>();
        for (Fleet.Member member : instance.source.fleet().instances()) {
            states.put(member.id() + "@" + member.applied(), member.state());
        }
        return states;
    }

    @Test
    void theFleetListingShowsAnInstanceCutFromTheDatabaseSilentAndBehindThenCaughtUp() throws Exception {
        Instance one = named(dataSource(), "one");
        Instance two = named(dataSource(), "two");
        Instance three = named(cuttable, "three");
        one.store.putFlag(flag("kill-switch", "on"), FlagStore.NEW, note());
        Map<String, Fleet.State> allCurrentAtOne =
                Map.of("one@1", Fleet.State.CURRENT, "two@1", Fleet.State.CURRENT, "three@1", Fleet.State.CURRENT);
        await("every instance reported the first write", () -> states(one).equals(allCurrentAtOne));

        cuttable.cut();
        one.store.putFlag(flag("kill-switch", "off"), 1, note());
        Map<String, Fleet.State> threeSilent =
                Map.of("one@2", Fleet.State.CURRENT, "two@2", Fleet.State.CURRENT, "three@1", Fleet.State.SILENT);
        await(
                "two listings show three silent at the first write",
                () -> states(one).equals(threeSilent) && states(two).equals(threeSilent));

        Fleet fleet = one.source.fleet();
        assertThat(fleet.head()).isEqualTo(2);
        assertThat(fleet.lagging()).isEqualTo(1);
        Fleet.Member cut = fleet.instances().get(1);
        assertThat(cut.id()).isEqualTo("three");
        assertThat(cut.lag()).isEqualTo(1);
        assertThat(cut.self()).isFalse();
        assertThat(Duration.between(cut.lastSeen(), fleet.listedAt())).isGreaterThan(fleet.silentAfter());
        Fleet seenFromTheCut = three.source.fleet();
        assertThat(seenFromTheCut.error()).isEqualTo("Cannot read the head of the flag store's change log");
        assertThat(seenFromTheCut.instances())
                .extracting(Fleet.Member::id, Fleet.Member::applied, Fleet.Member::state, Fleet.Member::self)
                .containsExactly(tuple("three", 1L, Fleet.State.SILENT, true));

        cuttable.restore();
        Map<String, Fleet.State> allCurrentAtTwo =
                Map.of("one@2", Fleet.State.CURRENT, "two@2", Fleet.State.CURRENT, "three@2", Fleet.State.CURRENT);
        await("three caught up and reported it", () -> states(one).equals(allCurrentAtTwo));
        assertThat(three.on("kill-switch")).isFalse();
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "instances")).isEqualTo(3);
    }

    @Test
    void theFleetTableKeepsOneRowPerInstanceAndDeletesThoseGoneLongerThanTheExpiry() throws Exception {
        FlagStore store = store(dataSource());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant started = now.minusSeconds(60);
        store.report(new FleetInstance("a", "host-1", 1, now.minusSeconds(1), started));
        store.report(new FleetInstance("a", "host-2", 3, now, started));
        store.report(new FleetInstance("b", "host-1", 2, now.minus(Duration.ofMinutes(10)), started));
        store.report(new FleetInstance("c", "host-3", 0, now.minusSeconds(2), now.minusSeconds(2)));

        assertThat(store.fleet(now.minus(Duration.ofMinutes(5))))
                .containsExactly(
                        new FleetInstance("a", "host-2", 3, now, started),
                        new FleetInstance("c", "host-3", 0, now.minusSeconds(2), now.minusSeconds(2)));
        assertThat(count("SELECT COUNT(*) FROM " + prefix + "instances")).isEqualTo(2);
    }

    long count(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anUnreachableStoreIsReportedOnceAndRecoveryCatchesUp() throws Exception {
        Instance writer = instance();
        Instance follower = new Instance(cuttable, Following.DEFAULTS.withInterval(INTERVAL));
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        await("the follower applied the first write", () -> follower.on("a"));

        cuttable.cut();
        await("the follower saw the outage", () -> follower.source.status().staleSince() != null);
        writer.store.putFlag(flag("a", "off"), 1, note());
        Thread.sleep(5 * INTERVAL.toMillis());

        assertThat(follower.on("a")).isTrue();
        FollowStatus down = follower.source.status();
        assertThat(down.stale()).isTrue();
        assertThat(down.lastError()).isEqualTo("Cannot read the head of the flag store's change log");
        assertThat(follower.events)
                .containsExactly("changed [a]", "failed Cannot read the head of the flag store's change log");

        cuttable.restore();
        await("the follower caught up", () -> follower.events.size() == 4);
        assertThat(follower.on("a")).isFalse();
        assertThat(follower.source.status().stale()).isFalse();
        assertThat(follower.source.status().applied()).isEqualTo(2);
        assertThat(follower.events)
                .containsExactly(
                        "changed [a]",
                        "failed Cannot read the head of the flag store's change log",
                        "recovered",
                        "changed [a]");
    }

    @Test
    void startupWithTheStoreDownServesTheBackupFileThenCatchesUp() throws Exception {
        Path backup = directory.resolve("backup/flags.json");
        Following following = Following.DEFAULTS.withInterval(INTERVAL).withBackupFile(backup);
        Instance writer = instance();
        writer.store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        Instance first = new Instance(dataSource(), following);
        assertThat(first.on("a")).isTrue();
        assertThat(Files.readString(backup)).contains("\"sequence\":1").contains("\"a\"");
        first.flags.close();

        cuttable.cut();
        Instance restarted = new Instance(cuttable, following);
        assertThat(restarted.on("a")).isTrue();
        assertThat(restarted.source.status().servingBackup()).isTrue();
        assertThat(restarted.source.status().stale()).isTrue();
        assertThat(restarted.source.status().applied())
                .as("the backup's sequence")
                .isEqualTo(1);
        await("the listeners heard that the store is down", () -> !restarted.events.isEmpty());
        assertThat(restarted.events.get(0))
                .isEqualTo("failed Cannot create or migrate the flag store tables " + prefix + "*");

        writer.store.putFlag(flag("a", "off"), 1, note());
        cuttable.restore();
        await(
                "the restarted instance caught up",
                () -> restarted.source.status().applied() == 2);
        assertThat(restarted.on("a")).isFalse();
        assertThat(restarted.source.status().servingBackup()).isFalse();
        assertThat(restarted.source.status().applied()).isEqualTo(2);
        assertThat(Files.readString(backup)).contains("\"sequence\":2");
        assertThat(Files.list(backup.getParent())).containsExactly(backup);
    }

    @Test
    void startupWithTheStoreDownServesTheFilesWhenToldTo() throws Exception {
        store(dataSource());
        cuttable.cut();
        Following following = Following.DEFAULTS
                .withInterval(INTERVAL)
                .withStartup(Following.Startup.FILES, Definitions.of(flag("from-file", "on")));

        Instance instance = new Instance(cuttable, following);

        assertThat(instance.on("from-file")).isTrue();
        assertThat(instance.source.status().servingBackup()).isTrue();
        await("the listeners heard that the store is down", () -> !instance.events.isEmpty());

        cuttable.restore();
        await("the instance serves the store", () -> !instance.on("from-file"));
        assertThat(instance.source.status().servingBackup()).isFalse();
        // The engine's first load served the files; the follower's first check then tells the listeners,
        // after the swap that readers see first: wait for them before reading what they heard.
        await("the listeners heard the recovery and the change", () -> instance.events.size() >= 3);
        assertThat(instance.events)
                .containsExactly(
                        "failed Cannot create or migrate the flag store tables " + prefix + "*",
                        "recovered",
                        "changed [from-file]");
    }

    @Test
    void startupWithTheStoreDownAndNoBackupFailsNamingTheStoreAndTheCause() {
        store(dataSource());
        cuttable.cut();
        Path missing = directory.resolve("none.json");

        assertThatThrownBy(() -> new Instance(cuttable, Following.DEFAULTS.withBackupFile(missing)))
                .isInstanceOf(FlagStoreException.class)
                .hasMessage("Cannot read the flag store jdbc store (" + prefix + "*) at startup and there is no"
                        + " backup file " + missing + ": Cannot create or migrate the flag store tables " + prefix
                        + "*");
        assertThatThrownBy(() -> new Instance(
                        cuttable, Following.DEFAULTS.withStartup(Following.Startup.FAIL, Definitions.EMPTY)))
                .isInstanceOf(FlagStoreException.class)
                .hasMessage("Cannot read the flag store jdbc store (" + prefix + "*) at startup: Cannot create"
                        + " or migrate the flag store tables " + prefix + "*");
    }

    @Test
    void exclusiveWorkOfTwoInstancesNeverOverlaps() throws Exception {
        FlagStore first = store(dataSource());
        FlagStore second = store(dataSource());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread holder = new Thread(() -> first.exclusive(() -> {
            order.add("first in");
            inside.countDown();
            await(release);
            order.add("first out");
            return null;
        }));
        holder.start();
        inside.await();
        Thread waiter = new Thread(() -> second.exclusive(() -> order.add("second in")));
        waiter.start();
        Thread.sleep(300);
        assertThat(order).containsExactly("first in");

        release.countDown();
        holder.join();
        waiter.join();
        assertThat(order).containsExactly("first in", "first out", "second in");
    }

    @Test
    void twoInstancesWritingAtOnceNeverCommitACombinationTheEngineRefuses() throws Exception {
        FlagAdmin first = FlagAdmin.builder(store(dataSource())).build();
        FlagAdmin second = FlagAdmin.builder(store(dataSource())).build();
        Actor alice = Actor.of("alice", Permission.values());
        for (int round = 0; round < 10; round++) {
            String parent = "parent-" + round;
            first.createFlag(alice, flag(parent, "on"), null);
            CountDownLatch start = new CountDownLatch(1);
            List<String> outcomes = new CopyOnWriteArrayList<>();
            Thread child = new Thread(() -> outcomes.add(outcome(
                    start,
                    () -> first.createFlag(
                            alice,
                            FlagDefinition.builder("child-" + parent)
                                    .defaultVariant("on")
                                    .prerequisite(Prerequisite.of(parent, "on"))
                                    .build(),
                            null))));
            Thread delete =
                    new Thread(() -> outcomes.add(outcome(start, () -> second.deleteFlag(alice, parent, 1, "gone"))));
            child.start();
            delete.start();
            start.countDown();
            child.join();
            delete.join();

            assertThat(outcomes).hasSize(2).contains("ok");
            Definitions committed = store(dataSource()).contents().definitions();
            assertThat(committed.validate()).isEmpty();
        }
    }

    private static String outcome(CountDownLatch start, Runnable write) {
        await(start);
        try {
            write.run();
            return "ok";
        } catch (ValidationException e) {
            return "refused";
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
