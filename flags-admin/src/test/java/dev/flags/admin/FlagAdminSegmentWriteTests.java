package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.ChangeNote;
import dev.flags.store.EntityKind;
import dev.flags.store.SegmentChange;
import dev.flags.store.StoredSegment;
import dev.flags.store.VersionConflictException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Segments go through the same write path as flags: conflicts, audit listeners, seeding. */
class FlagAdminSegmentWriteTests {

    /** A store where another instance writes a segment between this instance's read and its write. */
    static final class RacingStore extends FlagAdminRetryAndLoggingTests.RacingStore {

        @Nullable
        SegmentDefinition raceSegmentWith;

        boolean hideSegments;

        @Override
        public @Nullable StoredSegment segment(String key) {
            return hideSegments ? null : delegate.segment(key);
        }

        @Override
        public SegmentChange putSegment(SegmentDefinition segment, long expectedVersion, ChangeNote note) {
            race();
            return delegate.putSegment(segment, expectedVersion, note);
        }

        @Override
        public AuditEntry deleteSegment(String key, long expectedVersion, ChangeNote note) {
            race();
            return delegate.deleteSegment(key, expectedVersion, note);
        }

        private void race() {
            SegmentDefinition other = raceSegmentWith;
            if (other != null) {
                raceSegmentWith = null;
                delegate.putSegment(
                        other, delegate.segment(other.key()).version(), ChangeNote.of(AuditAction.UPDATE, "other"));
            }
        }
    }

    final RacingStore store = new RacingStore();
    final List<AuditEntry> heard = new ArrayList<>();
    final FlagAdmin admin = FlagAdmin.builder(store).auditListener(heard::add).build();

    @Test
    void aSegmentWrittenMeanwhileIsAConflictNamingBothVersionsAndKeepsTheOtherWrite() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), null);
        store.raceSegmentWith = SegmentDefinition.ofKeys("beta", "carol");

        assertThatThrownBy(() -> admin.updateSegment(EDITOR, SegmentDefinition.ofKeys("beta", "bob"), 1, null))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EntityKind.SEGMENT);
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.currentVersion()).isEqualTo(2);
                })
                .hasMessage("Segment 'beta' is at version 2, not 1");
        assertThat(store.segment("beta").definition().included()).containsExactly("carol");
    }

    @Test
    void aSegmentDeletedAfterAnotherWriteIsAConflictAndStays() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), null);
        store.raceSegmentWith = SegmentDefinition.ofKeys("beta", "carol");

        assertThatThrownBy(() -> admin.deleteSegment(ADMIN, "beta", 1, "unused"))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Segment 'beta' is at version 2, not 1");
        assertThat(store.segment("beta").version()).isEqualTo(2);
    }

    @Test
    void aSegmentCreatedMeanwhileByAnotherInstanceAlreadyExists() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), null);
        store.hideSegments = true; // this instance's read misses the other's create

        assertThatThrownBy(() -> admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "bob"), null))
                .isInstanceOfSatisfying(
                        AlreadyExistsException.class, e -> assertThat(e.kind()).isEqualTo(EntityKind.SEGMENT))
                .hasMessage("Segment 'beta' already exists");
    }

    @Test
    void anyVersionReplacesWhateverSegmentIsCurrent() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), null);
        admin.updateSegment(EDITOR, SegmentDefinition.ofKeys("beta", "bob"), 1, null);

        StoredSegment replaced =
                admin.updateSegment(EDITOR, SegmentDefinition.ofKeys("beta", "carol"), FlagAdmin.ANY_VERSION, null);

        assertThat(replaced.version()).isEqualTo(3);
        assertThat(replaced.definition().included()).containsExactly("carol");
    }

    @Test
    void everySegmentWriteIsAuditedAndToldToTheListeners() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), "pilot");
        admin.updateSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice", "bob"), 1, "one more");
        assertThatThrownBy(() -> admin.deleteSegment(ADMIN, "beta", 2, " "))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null, "reason", "a reason is required to delete a segment")));
        AuditEntry deleted = admin.deleteSegment(ADMIN, "beta", 2, "pilot over");

        assertThat(heard)
                .extracting(AuditEntry::kind, AuditEntry::action, AuditEntry::version, AuditEntry::reason)
                .containsExactly(
                        tuple(EntityKind.SEGMENT, AuditAction.CREATE, 1L, "pilot"),
                        tuple(EntityKind.SEGMENT, AuditAction.UPDATE, 2L, "one more"),
                        tuple(EntityKind.SEGMENT, AuditAction.DELETE, 3L, "pilot over"));
        assertThat(heard.get(2)).isEqualTo(deleted);
        assertThat(deleted.before()).isEqualTo("{\"included\":[\"alice\",\"bob\"]}");
    }

    @Test
    void seedingWithAuthoritativeFilesOverwritesADifferingSegmentAndSaysSo() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), null);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        SeedResult result;
        try {
            result = admin.seed(
                    ADMIN,
                    new Definitions(List.of(), List.of(SegmentDefinition.ofKeys("beta", "bob"))),
                    SeedMode.FILES_AUTHORITATIVE);
        } finally {
            System.setErr(original);
        }

        assertThat(result.changes())
                .singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(AuditAction.SEED_OVERWRITE));
        assertThat(store.segment("beta").version()).isEqualTo(2);
        assertThat(store.segment("beta").definition().included()).containsExactly("bob");
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("INFO dev.flags.admin.FlagAdmin - Segment 'beta' overwritten from definition files"
                        + " (files are authoritative)");
    }
}
