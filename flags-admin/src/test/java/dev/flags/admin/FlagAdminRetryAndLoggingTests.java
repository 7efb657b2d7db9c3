package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.VIEWER;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagChange;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.SegmentChange;
import dev.flags.store.StoreContents;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import dev.flags.store.VersionConflictException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FlagAdminRetryAndLoggingTests {

    /** A store where another writer changes a flag just before this instance's next write of it. */
    static class RacingStore implements FlagStore {
        final FlagStore delegate = FlagStores.inMemory();

        @Nullable
        FlagDefinition raceWith;

        @Override
        public String name() {
            return "racing";
        }

        @Override
        public StoreContents contents() {
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
            FlagDefinition other = raceWith;
            if (other != null) {
                raceWith = null;
                delegate.putFlag(
                        other, delegate.flag(other.key()).version(), ChangeNote.of(AuditAction.UPDATE, "other"));
            }
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
            return delegate.changesSince(sequence, limit);
        }

        @Override
        public List<AuditEntry> audit(AuditQuery query) {
            return delegate.audit(query);
        }

        @Override
        public AutoCloseable watch(Runnable onChange) {
            return delegate.watch(onChange);
        }
    }

    @Test
    void anyVersionReadsAgainAfterAConcurrentWriteAndKeepsIt() {
        RacingStore store = new RacingStore();
        FlagAdmin admin = FlagAdmin.builder(store).build();
        admin.createFlag(EDITOR, flag("checkout"), null);
        store.raceWith =
                flag("checkout").toBuilder().description("edited meanwhile").build();

        StoredFlag off = admin.emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "errors");

        assertThat(off.version()).isEqualTo(3);
        assertThat(off.definition().status()).isEqualTo(FlagStatus.EMERGENCY_OFF);
        assertThat(off.definition().description()).isEqualTo("edited meanwhile");
    }

    @Test
    void anExplicitVersionReportsTheConcurrentWriteAsAConflict() {
        RacingStore store = new RacingStore();
        FlagAdmin admin = FlagAdmin.builder(store).build();
        admin.createFlag(EDITOR, flag("checkout"), null);
        store.raceWith =
                flag("checkout").toBuilder().description("edited meanwhile").build();

        assertThatThrownBy(() -> admin.emergencyOff(ADMIN, "checkout", 1, "errors"))
                .isInstanceOfSatisfying(
                        VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(2))
                .hasMessage("Flag 'checkout' is at version 2, not 1");
        assertThat(store.flag("checkout").definition().status()).isEqualTo(FlagStatus.ACTIVE);
    }

    @Test
    void deniedAttemptsAreLogged() {
        FlagAdmin admin = FlagAdmin.builder(FlagStores.inMemory()).build();
        admin.createFlag(EDITOR, flag("checkout"), null);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> admin.deleteFlag(VIEWER, "checkout", 1, "x"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> admin.getFlag(Actor.ANONYMOUS, "checkout"))
                    .isInstanceOf(NotAuthenticatedException.class);
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("WARN dev.flags.admin.FlagAdmin - Denied: actor 'viewer' lacks permission DELETE for"
                        + " 'checkout'")
                .contains("WARN dev.flags.admin.FlagAdmin - Denied an unauthenticated request to manage flags");
    }
}
