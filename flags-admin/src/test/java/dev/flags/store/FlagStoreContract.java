package dev.flags.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.MutableClock;
import dev.flags.definition.DefinitionFixtures;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.SegmentDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FlagStore} must do; one subclass per implementation and database. */
public abstract class FlagStoreContract {

    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected final MutableClock clock = new MutableClock(T0);
    protected FlagStore store;

    protected abstract FlagStore createStore(MutableClock clock);

    protected void dropStore(FlagStore store) {}

    @BeforeEach
    void createStore() {
        store = createStore(clock);
    }

    @AfterEach
    void dropStore() {
        dropStore(store);
    }

    protected static FlagDefinition flag(String key) {
        return FlagDefinition.builder(key).defaultVariant("on").build();
    }

    protected static ChangeNote note(String actor) {
        return ChangeNote.of(AuditAction.CREATE, actor);
    }

    @Test
    void createsAFlagAtVersionOneWithTimestamps() {
        StoredFlag stored =
                store.putFlag(flag("a"), FlagStore.NEW, note("alice")).flag();

        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.created()).isEqualTo(T0);
        assertThat(stored.updated()).isEqualTo(T0);
        assertThat(stored.archived()).isNull();
        assertThat(store.flag("a")).isEqualTo(stored);
        assertThat(store.flag("missing")).isNull();
    }

    @Test
    void eachWriteIncrementsTheVersionAndKeepsTheCreationTime() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        clock.advance(Duration.ofMinutes(5));
        StoredFlag second = store.putFlag(
                        flag("a").toBuilder().description("second").build(),
                        1,
                        new ChangeNote(AuditAction.UPDATE, "bob", "wording"))
                .flag();

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.created()).isEqualTo(T0);
        assertThat(second.updated()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(store.flag("a").definition().description()).isEqualTo("second");
    }

    @Test
    void aStaleWriteFailsAndChangesNothing() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        store.putFlag(flag("a").toBuilder().description("v2").build(), 1, note("alice"));
        long sequence = store.contents().sequence();

        assertThatThrownBy(() ->
                        store.putFlag(flag("a").toBuilder().description("stale").build(), 1, note("bob")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.currentVersion()).isEqualTo(2);
                    assertThat(e.key()).isEqualTo("a");
                })
                .hasMessage("Flag 'a' is at version 2, not 1");
        assertThat(store.flag("a").definition().description()).isEqualTo("v2");
        assertThat(store.contents().sequence()).isEqualTo(sequence);
        assertThat(store.changesSince(sequence, 10)).isEmpty();
    }

    @Test
    void creatingAnExistingFlagFails() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));

        assertThatThrownBy(() -> store.putFlag(flag("a"), FlagStore.NEW, note("bob")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Flag 'a' already exists (version 1)");
        assertThat(store.changesSince(0, 10)).hasSize(1);
    }

    @Test
    void updatingAMissingFlagFails() {
        assertThatThrownBy(() -> store.putFlag(flag("a"), 3, note("bob")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Flag 'a' was expected at version 3 but does not exist");
        assertThat(store.flag("a")).isNull();
    }

    @Test
    void deletesAFlagAndLogsItsLastDefinition() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        clock.advance(Duration.ofSeconds(1));

        AuditEntry entry = store.deleteFlag("a", 1, new ChangeNote(AuditAction.DELETE, "bob", "done with it"));

        assertThat(store.flag("a")).isNull();
        assertThat(entry.sequence()).isEqualTo(2);
        assertThat(entry.version()).isEqualTo(2);
        assertThat(entry.before()).isEqualTo("{\"default-variant\":\"on\"}");
        assertThat(entry.after()).isNull();
        assertThat(entry.reason()).isEqualTo("done with it");
        assertThat(entry.time()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.changesSince(1, 10)).containsExactly(entry);
    }

    @Test
    void deletingWithAStaleVersionOrAMissingFlagFails() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        store.putFlag(flag("a"), 1, note("alice"));

        assertThatThrownBy(() -> store.deleteFlag("a", 1, note("bob")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Flag 'a' is at version 2, not 1");
        assertThatThrownBy(() -> store.deleteFlag("b", 1, note("bob")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Flag 'b' was expected at version 1 but does not exist");
        assertThat(store.flag("a").version()).isEqualTo(2);
        assertThat(store.changesSince(0, 10)).hasSize(2);
    }

    @Test
    void recordsWhenAFlagWasArchivedUntilItLeavesArchived() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        clock.advance(Duration.ofDays(1));
        StoredFlag archived = store.putFlag(flag("a").withStatus(FlagStatus.ARCHIVED), 1, note("alice"))
                .flag();
        clock.advance(Duration.ofDays(1));
        StoredFlag stillArchived = store.putFlag(
                        flag("a").toBuilder()
                                .status(FlagStatus.ARCHIVED)
                                .description("x")
                                .build(),
                        2,
                        note("alice"))
                .flag();
        StoredFlag revived = store.putFlag(flag("a").withStatus(FlagStatus.PAUSED), 3, note("alice"))
                .flag();

        assertThat(archived.archived()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(stillArchived.archived()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(store.flag("a").archived()).isNull();
        assertThat(revived.archived()).isNull();
    }

    @Test
    void auditEntriesCarryTheDefinitionsBeforeAndAfter() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        clock.advance(Duration.ofSeconds(30));
        store.putFlag(
                flag("a").withStatus(FlagStatus.EMERGENCY_OFF),
                1,
                new ChangeNote(AuditAction.STATUS_CHANGE, "bob", "checkout errors"));

        List<AuditEntry> entries = store.audit(AuditQuery.ALL.forFlag("a"));

        assertThat(entries).hasSize(2);
        AuditEntry latest = entries.get(0);
        assertThat(latest)
                .isEqualTo(new AuditEntry(
                        2,
                        T0.plusSeconds(30),
                        EntityKind.FLAG,
                        "a",
                        AuditAction.STATUS_CHANGE,
                        "bob",
                        2,
                        "{\"default-variant\":\"on\"}",
                        "{\"status\":\"emergency-off\",\"default-variant\":\"on\"}",
                        "checkout errors"));
        assertThat(entries.get(1).before()).isNull();
        assertThat(entries.get(1).action()).isEqualTo(AuditAction.CREATE);
    }

    @Test
    void changesSinceReturnsTheLogInOrderFromAPoint() {
        for (String key : List.of("a", "b", "c", "d")) {
            store.putFlag(flag(key), FlagStore.NEW, note("alice"));
        }

        assertThat(store.changesSince(0, 10)).extracting(AuditEntry::key).containsExactly("a", "b", "c", "d");
        assertThat(store.changesSince(1, 2)).extracting(AuditEntry::sequence).containsExactly(2L, 3L);
        assertThat(store.changesSince(4, 10)).isEmpty();
        assertThat(store.contents().sequence()).isEqualTo(4);
    }

    @Test
    void auditIsQueryableByFlagActorAndTimeRangeNewestFirst() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        clock.advance(Duration.ofHours(1));
        store.putFlag(flag("b"), FlagStore.NEW, note("bob"));
        clock.advance(Duration.ofHours(1));
        store.putFlag(flag("a"), 1, note("bob"));
        store.putSegment(SegmentDefinition.ofKeys("a", "x"), FlagStore.NEW, note("bob"));

        assertThat(store.audit(AuditQuery.ALL.forFlag("a")))
                .extracting(AuditEntry::sequence)
                .containsExactly(3L, 1L);
        assertThat(store.audit(AuditQuery.ALL.byActor("bob")))
                .extracting(AuditEntry::sequence)
                .containsExactly(4L, 3L, 2L);
        assertThat(store.audit(AuditQuery.ALL.between(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)))))
                .extracting(AuditEntry::key)
                .containsExactly("b");
        assertThat(store.audit(AuditQuery.ALL.forSegment("a")))
                .singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(EntityKind.SEGMENT));
        assertThat(store.audit(AuditQuery.ALL.withLimit(2)))
                .extracting(AuditEntry::sequence)
                .containsExactly(4L, 3L);
    }

    @Test
    void segmentsAreVersionedLikeFlags() {
        StoredSegment created = store.putSegment(SegmentDefinition.ofKeys("beta", "a"), FlagStore.NEW, note("alice"))
                .segment();
        StoredSegment updated = store.putSegment(SegmentDefinition.ofKeys("beta", "a", "b"), 1, note("alice"))
                .segment();

        assertThat(created.version()).isEqualTo(1);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(store.segment("beta").definition().included()).containsExactly("a", "b");
        assertThatThrownBy(() -> store.putSegment(SegmentDefinition.ofKeys("beta"), 1, note("bob")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Segment 'beta' is at version 2, not 1");
        AuditEntry deleted = store.deleteSegment("beta", 2, note("bob"));
        assertThat(deleted.kind()).isEqualTo(EntityKind.SEGMENT);
        assertThat(store.segment("beta")).isNull();
    }

    @Test
    void segmentWritesKeepTheCreationTimeAndLogBothBodies() {
        store.putSegment(SegmentDefinition.ofKeys("beta", "a"), FlagStore.NEW, note("alice"));
        clock.advance(Duration.ofMinutes(1));
        SegmentChange change = store.putSegment(
                SegmentDefinition.ofKeys("beta", "a", "b"), 1, new ChangeNote(AuditAction.UPDATE, "bob", "one more"));

        assertThat(change.segment().created()).isEqualTo(T0);
        assertThat(change.segment().updated()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(store.segment("beta")).isEqualTo(change.segment());
        assertThat(change.entry())
                .isEqualTo(new AuditEntry(
                        2,
                        T0.plus(Duration.ofMinutes(1)),
                        EntityKind.SEGMENT,
                        "beta",
                        AuditAction.UPDATE,
                        "bob",
                        2,
                        "{\"included\":[\"a\"]}",
                        "{\"included\":[\"a\",\"b\"]}",
                        "one more"));
        assertThat(store.changesSince(1, 10)).containsExactly(change.entry());
    }

    @Test
    void deletingASegmentAtAStaleVersionOrAMissingOneFailsAndChangesNothing() {
        store.putSegment(SegmentDefinition.ofKeys("beta", "a"), FlagStore.NEW, note("alice"));
        store.putSegment(SegmentDefinition.ofKeys("beta", "b"), 1, note("alice"));

        assertThatThrownBy(() -> store.deleteSegment("beta", 1, note("bob")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Segment 'beta' is at version 2, not 1");
        assertThatThrownBy(() -> store.deleteSegment("gone", FlagStore.NEW, note("bob")))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EntityKind.SEGMENT);
                    assertThat(e.currentVersion()).isZero();
                })
                .hasMessage("Segment 'gone' does not exist");
        assertThat(store.segment("beta").definition().included()).containsExactly("b");
        assertThat(store.contents().sequence()).isEqualTo(2);

        AuditEntry deleted = store.deleteSegment("beta", 2, note("bob"));

        assertThat(deleted.version()).isEqualTo(3);
        assertThat(deleted.before()).isEqualTo("{\"included\":[\"b\"]}");
        assertThat(deleted.after()).isNull();
    }

    @Test
    void storesRichDefinitionsUnchanged() {
        Definitions rich = DefinitionFixtures.rich();
        for (SegmentDefinition segment : rich.segments()) {
            store.putSegment(segment, FlagStore.NEW, note("alice"));
        }
        for (FlagDefinition flag : rich.flags()) {
            store.putFlag(flag, FlagStore.NEW, note("alice"));
        }

        StoreContents contents = store.contents();

        assertThat(contents.sequence())
                .isEqualTo(rich.flags().size() + rich.segments().size());
        assertThat(contents.flags()).extracting(StoredFlag::key).isSorted();
        assertThat(contents.definitions().flags()).containsExactlyInAnyOrderElementsOf(rich.flags());
        assertThat(contents.definitions().segments()).containsExactlyInAnyOrderElementsOf(rich.segments());
    }

    @Test
    void tellsWatchersAfterEachSuccessfulWrite() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AutoCloseable watch = store.watch(calls::incrementAndGet);
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        assertThatThrownBy(() -> store.putFlag(flag("a"), FlagStore.NEW, note("alice")))
                .isInstanceOf(VersionConflictException.class);
        store.deleteFlag("a", 1, note("alice"));
        watch.close();
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));

        assertThat(calls).hasValue(2);
    }

    @Test
    void theEngineEvaluatesEveryWriteAtOnce() {
        store.putFlag(flag("a"), FlagStore.NEW, note("alice"));
        try (FlagManager manager =
                FlagManager.builder().source(FlagStores.source(store)).build()) {
            assertThat(manager.isEnabled("a", EvaluationContext.EMPTY)).isTrue();

            store.putFlag(flag("a").withStatus(FlagStatus.EMERGENCY_OFF), 1, note("bob"));

            assertThat(manager.isEnabled("a", EvaluationContext.EMPTY)).isFalse();
        }
    }

    @Test
    void concurrentCompareAndSetWritersLoseNoUpdate() throws Exception {
        store.putFlag(flag("counter"), FlagStore.NEW, note("setup"));
        int writers = 4;
        int incrementsEach = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String writer = "writer-" + w;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < incrementsEach; i++) {
                    while (true) {
                        StoredFlag current = store.flag("counter");
                        List<String> tags = new ArrayList<>(current.definition().tags());
                        tags.add(writer + "-" + i);
                        try {
                            store.putFlag(
                                    current.definition().toBuilder().tags(tags).build(),
                                    current.version(),
                                    note(writer));
                            break;
                        } catch (VersionConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        StoredFlag result = store.flag("counter");
        assertThat(result.definition().tags()).hasSize(writers * incrementsEach).doesNotHaveDuplicates();
        assertThat(result.version()).isEqualTo(1 + writers * incrementsEach);
        assertThat(store.changesSince(0, 1000))
                .extracting(AuditEntry::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1 + writers * incrementsEach)
                        .boxed()
                        .toList());
    }
}
