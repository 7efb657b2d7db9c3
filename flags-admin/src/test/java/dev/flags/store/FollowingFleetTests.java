package dev.flags.store;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.MutableClock;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet listing a follower builds from its store's instance reports, its own reports, and the
 * follower's work per reload; over the in-memory store and a store that keeps reports in memory.
 */
class FollowingFleetTests {

    static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final ReportingStore store = new ReportingStore(FlagStores.inMemory(clock));
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    private @Nullable FlagManager flags;

    /** A follower with its engine, which watches it (and so polls). */
    private StoreFlagSource follow(FlagStore store, Following following) {
        StoreFlagSource source = new StoreFlagSource(store, following, clock);
        FlagManager engine = FlagManager.builder().source(source).build();
        closing.add(0, engine);
        flags = engine;
        return source;
    }

    private static FlagDefinition flag(String key, String variant) {
        return FlagDefinition.builder(key).defaultVariant(variant).build();
    }

    private static ChangeNote note() {
        return ChangeNote.of(AuditAction.UPDATE, "alice");
    }

    @Test
    void anInMemoryStoreListsThisInstanceAloneAsCurrent() {
        FlagStore memory = FlagStores.inMemory(clock);
        memory.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        StoreFlagSource source = follow(memory, Following.NONE.withInstance("solo", Duration.ofMinutes(5)));

        Fleet fleet = source.fleet();

        assertThat(fleet.store()).isEqualTo("in-memory store");
        assertThat(fleet.head()).isEqualTo(1);
        assertThat(fleet.error()).isNull();
        assertThat(fleet.instances())
                .containsExactly(new Fleet.Member("solo", Following.host(), 1, 0, NOW, NOW, Fleet.State.CURRENT, true));
        assertThat(fleet.lagging()).isZero();
    }

    @Test
    void listsEveryReportAgainstTheHeadNowMarkingTheOnesBehindOrSilentAndForgetsTheGone() {
        for (int i = 0; i < 4; i++) {
            store.putFlag(flag("f" + i, "on"), FlagStore.NEW, note());
        }
        StoreFlagSource source = follow(
                store, Following.DEFAULTS.withInterval(Duration.ofHours(1)).withInstance("me", Duration.ofMinutes(5)));
        Instant started = NOW.minusSeconds(3600);
        store.report(new FleetInstance("a-current", "host-a", 4, NOW.minusSeconds(1), started));
        store.report(new FleetInstance("b-behind", "host-b", 2, NOW.minusSeconds(1), started));
        store.report(new FleetInstance("c-silent", "host-c", 4, NOW.minusSeconds(10), started));
        store.report(new FleetInstance("d-gone", "host-d", 1, NOW.minus(Duration.ofMinutes(6)), started));
        store.report(new FleetInstance("me", "old-host", 1, NOW.minusSeconds(30), started));

        Fleet fleet = source.fleet();

        assertThat(fleet.silentAfter()).as("three polls, at most the expiry").isEqualTo(Duration.ofMinutes(5));
        assertThat(fleet.instances())
                .extracting(Fleet.Member::id, Fleet.Member::applied, Fleet.Member::lag, Fleet.Member::state)
                .containsExactly(
                        tuple("a-current", 4L, 0L, Fleet.State.CURRENT),
                        tuple("b-behind", 2L, 2L, Fleet.State.BEHIND),
                        tuple("c-silent", 4L, 0L, Fleet.State.CURRENT),
                        tuple("me", 4L, 0L, Fleet.State.CURRENT));
        assertThat(fleet.instances().get(3).self()).isTrue();
        assertThat(fleet.instances().get(3).host())
                .as("as it stands now, not as it reported")
                .isEqualTo(Following.host());
        assertThat(store.reports).as("the gone one's report is deleted").doesNotContainKey("d-gone");

        StoreFlagSource polling = follow(
                store,
                Following.DEFAULTS.withInterval(Duration.ofSeconds(1)).withInstance("me", Duration.ofMinutes(5)));
        Fleet often = polling.fleet();
        assertThat(often.silentAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(often.instances())
                .filteredOn(member -> member.id().equals("c-silent"))
                .extracting(Fleet.Member::state, Fleet.Member::lastSeen, Fleet.Member::host)
                .containsExactly(tuple(Fleet.State.SILENT, NOW.minusSeconds(10), "host-c"));
        assertThat(often.lagging()).isEqualTo(2);
    }

    @Test
    void whenTheStoreCannotBeReadOnlyThisInstanceIsListedSilentWithTheError() {
        store.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        StoreFlagSource source = follow(
                store, Following.DEFAULTS.withInterval(Duration.ofHours(1)).withInstance("me", Duration.ofMinutes(5)));
        store.report(new FleetInstance("other", "host-o", 1, NOW, NOW));
        store.down = true;
        clock.advance(Duration.ofSeconds(5));

        Fleet fleet = source.fleet();

        assertThat(fleet.error()).isEqualTo("Cannot reach the test store");
        assertThat(fleet.head()).as("the last head seen").isEqualTo(1);
        assertThat(fleet.instances())
                .containsExactly(new Fleet.Member("me", Following.host(), 1, 0, NOW, NOW, Fleet.State.SILENT, true));
    }

    @Test
    void eachPollReportsThisInstanceAndTheFirstReportForgetsTheGone() throws Exception {
        store.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        store.report(new FleetInstance("gone", "host-g", 0, NOW.minus(Duration.ofMinutes(10)), NOW));
        follow(store, Following.DEFAULTS.withInterval(Duration.ofMillis(20)).withInstance("me", Duration.ofMinutes(5)));

        await(() -> store.reportCalls.get() >= 3);

        assertThat(store.reports).containsOnlyKeys("me");
        assertThat(store.reports.get("me")).isEqualTo(new FleetInstance("me", Following.host(), 1, NOW, NOW));
        store.putFlag(flag("checkout", "off"), 1, note());
        await(() -> store.reports.get("me").applied() == 2);
        assertThat(store.fleetReads.get())
                .as("the prune of the first report only")
                .isEqualTo(1);
    }

    @Test
    void anotherInstanceReportingUnderThisIdIsListedBesideItAndTheIdNamedAsShared() throws Exception {
        store.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        StoreFlagSource source = follow(
                store,
                Following.DEFAULTS.withInterval(Duration.ofMillis(20)).withInstance("me", Duration.ofMinutes(5)));
        await(() -> store.reportCalls.get() >= 1);
        requireNonNull(flags).close(); // no more reports of its own: the row stays the other's
        assertThat(source.fleet().sharedIds()).as("the row is its own").isEmpty();

        Instant otherStart = NOW.minusSeconds(60);
        store.report(new FleetInstance("me", "host-x", 0, NOW, otherStart));
        Fleet fleet = source.fleet();

        assertThat(fleet.sharedIds()).containsExactly("me");
        assertThat(fleet.instances())
                .extracting(
                        Fleet.Member::id,
                        Fleet.Member::host,
                        Fleet.Member::started,
                        Fleet.Member::state,
                        Fleet.Member::self)
                .containsExactly(
                        tuple("me", Following.host(), NOW, Fleet.State.CURRENT, true),
                        tuple("me", "host-x", otherStart, Fleet.State.BEHIND, false));

        store.report(new FleetInstance("me", Following.host(), 1, NOW, NOW.plusNanos(500)));
        assertThat(source.fleet().sharedIds())
                .as("the same millisecond, all a store keeps, is this instance's own start")
                .isEmpty();
        store.report(new FleetInstance("me", Following.host(), 1, NOW, NOW.plusMillis(1)));
        assertThat(source.fleet().sharedIds()).as("a millisecond apart").containsExactly("me");
    }

    @Test
    void aReportUnderThisIdFromBeforeItsFirstReportIsItsOwnEarlierRun() {
        store.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        store.report(new FleetInstance("me", "old-host", 1, NOW.minusSeconds(30), NOW.minusSeconds(3600)));
        StoreFlagSource source = follow(
                store, Following.DEFAULTS.withInterval(Duration.ofHours(1)).withInstance("me", Duration.ofMinutes(5)));

        Fleet fleet = source.fleet();

        assertThat(fleet.sharedIds()).isEmpty();
        assertThat(fleet.instances())
                .containsExactly(new Fleet.Member("me", Following.host(), 1, 0, NOW, NOW, Fleet.State.CURRENT, true));
    }

    @Test
    void aReportThatFailsIsLoggedAndFollowingGoesOn() throws Exception {
        store.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        store.refuseReports = true;
        StoreFlagSource source = follow(
                store,
                Following.DEFAULTS.withInterval(Duration.ofMillis(20)).withInstance("me", Duration.ofMinutes(5)));
        await(() -> store.reportCalls.get() >= 2);

        store.putFlag(flag("checkout", "off"), 1, note());

        await(() -> source.status().applied() == 2);
        assertThat(source.status().stale()).as("a failed report is no outage").isFalse();
        assertThat(store.reports).isEmpty();
        store.refuseReports = false;
        await(() -> store.reports.containsKey("me"));
        assertThat(store.reports.get("me").applied()).isEqualTo(2);
    }

    @Test
    void aReloadStartedByAPollReadsEachChangedKeyOnce() throws Exception {
        store.putFlag(flag("checkout", "on"), FlagStore.NEW, note());
        StoreFlagSource source = follow(
                store, Following.DEFAULTS.withInterval(Duration.ofHours(1)).withInstance("me", Duration.ofMinutes(5)));
        // Another instance's writes: only the last body of each key is valid JSON, so catch-up
        // succeeds only if it reads nothing but the last one.
        for (int version = 1; version <= 5; version++) {
            store.putFlag(flag("checkout", version % 2 == 0 ? "on" : "off"), version, note());
        }
        store.garbleAllButTheLastBodyOfEachKey = true;
        store.headReads.set(0);

        source.wakeUp();

        await(() -> source.status().applied() == 6);
        assertThat(requireNonNull(flags).getBoolean("checkout", true, EvaluationContext.EMPTY))
                .isFalse();
        assertThat(store.headReads.get())
                .as("the poll's read and the reload's own, which a reload started meanwhile may have outrun")
                .isEqualTo(2);
    }

    @Test
    void followingRefusesABadInstanceIdOrExpiryNamingIt() {
        assertThatThrownBy(() -> Following.DEFAULTS.withInstance(" ", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instanceId must have 1 to 200 characters, was ' '");
        assertThatThrownBy(() -> Following.DEFAULTS.withInstance("x".repeat(201), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("instanceId must have 1 to 200 characters, was 'xxx");
        assertThatThrownBy(() -> Following.DEFAULTS.withInstance("a", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instanceExpiry must be positive, was PT0S");
        assertThat(Following.DEFAULTS.instanceId())
                .isEqualTo(Following.host() + ":" + ProcessHandle.current().pid());
        assertThat(Following.DEFAULTS.instanceExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Following.DEFAULTS.withInterval(Duration.ofMillis(50)).silentAfter())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(Following.DEFAULTS.withInterval(Duration.ofSeconds(10)).silentAfter())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(Following.NONE.silentAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** The in-memory store with instance reports kept in a map, and faults the tests switch on. */
    static final class ReportingStore implements FlagStore {

        final FlagStore delegate;
        final Map<String, FleetInstance> reports = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger reportCalls = new AtomicInteger();
        final AtomicInteger fleetReads = new AtomicInteger();
        final AtomicInteger headReads = new AtomicInteger();
        volatile boolean down;
        volatile boolean refuseReports;
        volatile boolean garbleAllButTheLastBodyOfEachKey;

        ReportingStore(FlagStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (down) {
                throw new FlagStoreException("Cannot reach the test store", new SQLException("cut"));
            }
        }

        @Override
        public void report(FleetInstance instance) {
            check();
            reportCalls.incrementAndGet();
            if (refuseReports) {
                throw new FlagStoreException("Cannot write the reports", new SQLException("refused"));
            }
            reports.put(instance.id(), instance);
        }

        @Override
        public List<FleetInstance> fleet(Instant since) {
            check();
            fleetReads.incrementAndGet();
            reports.values().removeIf(report -> report.lastSeen().isBefore(since));
            return List.copyOf(new TreeMap<>(reports).values());
        }

        @Override
        public long head() {
            check();
            headReads.incrementAndGet();
            return delegate.head();
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public StoreContents contents() {
            check();
            return delegate.contents();
        }

        @Override
        public @Nullable StoredFlag flag(String key) {
            return delegate.flag(key);
        }

        @Override
        public @Nullable StoredSegment segment(String key) {
            return delegate.segment(key);
        }

        @Override
        public FlagChange putFlag(FlagDefinition flag, long expectedVersion, ChangeNote note) {
            return delegate.putFlag(flag, expectedVersion, note);
        }

        @Override
        public AuditEntry deleteFlag(String key, long expectedVersion, ChangeNote note) {
            return delegate.deleteFlag(key, expectedVersion, note);
        }

        @Override
        public SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note) {
            return delegate.putSegment(segment, expectedVersion, note);
        }

        @Override
        public AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note) {
            return delegate.deleteSegment(key, expectedVersion, note);
        }

        @Override
        public List<AuditEntry> changesSince(long sequence, int limit) {
            check();
            List<AuditEntry> entries = delegate.changesSince(sequence, limit);
            if (!garbleAllButTheLastBodyOfEachKey) {
                return entries;
            }
            Map<String, Integer> last = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                last.put(entries.get(i).key(), i);
            }
            List<AuditEntry> garbled = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                AuditEntry entry = entries.get(i);
                garbled.add(
                        last.get(entry.key()) == i
                                ? entry
                                : new AuditEntry(
                                        entry.sequence(),
                                        entry.time(),
                                        entry.kind(),
                                        entry.key(),
                                        entry.action(),
                                        entry.actor(),
                                        entry.version(),
                                        entry.before(),
                                        "{not json",
                                        entry.reason()));
            }
            return garbled;
        }

        @Override
        public List<AuditEntry> audit(AuditQuery query) {
            return delegate.audit(query);
        }

        /** Hears nothing: every write counts as another instance's, found by polling or a wake-up. */
        @Override
        public AutoCloseable watch(Runnable onChange) {
            return () -> {};
        }
    }
}
