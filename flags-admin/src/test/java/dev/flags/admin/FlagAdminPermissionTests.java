package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.OPERATOR;
import static dev.flags.admin.AdminFixtures.VIEWER;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditQuery;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlagAdminPermissionTests {

    final FlagStore store = FlagStores.inMemory();
    final FlagAdmin admin = FlagAdmin.builder(store).build();

    static final Actor TEAM_A = Actor.of("team-a-dev", Permission.READ, Permission.WRITE, Permission.DELETE)
            .withOwners("team-a");
    static final Actor PAYMENTS =
            Actor.of("payments-dev", Permission.READ, Permission.WRITE).withTags("payments");

    @BeforeEach
    void createFlags() {
        admin.createFlag(ADMIN, flag("ours"), null);
        admin.createFlag(ADMIN, flag("theirs").toBuilder().owner("team-b").build(), null);
        admin.createFlag(
                ADMIN, flag("pay").toBuilder().owner("team-b").tags("payments").build(), null);
        admin.createSegment(ADMIN, SegmentDefinition.ofKeys("beta", "alice"), null);
    }

    static void assertDenied(ThrowingCallable call, Permission permission, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AccessDeniedException.class,
                        e -> assertThat(e.permission()).isEqualTo(permission))
                .hasMessage(message);
    }

    @Test
    void anActorNameLongerThanTheAuditLogHoldsIsRefusedWhereTheActorIsBuilt() {
        assertThat(Actor.of("a".repeat(Actor.MAX_NAME_LENGTH)).name()).hasSize(200);
        assertThatThrownBy(() -> Actor.of("a".repeat(201), Permission.READ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name is 201 characters long (at most 200); shorten it before building the actor");
    }

    @Test
    void refusesAnonymousCallers() {
        assertThatThrownBy(() -> admin.listFlags(Actor.ANONYMOUS))
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessage("Authentication is required to manage flags");
        assertThatThrownBy(() -> admin.emergencyOff(Actor.ANONYMOUS, "ours", 1, "x"))
                .isInstanceOf(NotAuthenticatedException.class);
    }

    @Test
    void aViewerReadsButChangesNothing() {
        assertThat(admin.listFlags(VIEWER)).hasSize(3);
        assertThat(admin.getFlag(VIEWER, "ours").key()).isEqualTo("ours");
        assertThat(admin.audit(VIEWER, AuditQuery.ALL)).hasSize(4);
        assertThat(admin.listSegments(VIEWER)).hasSize(1);
        assertThat(admin.staleFlags(VIEWER).findings()).isEmpty();

        assertDenied(
                () -> admin.createFlag(VIEWER, flag("new"), null),
                Permission.WRITE,
                "Actor 'viewer' lacks permission WRITE for 'new'");
        assertDenied(
                () -> admin.setTargets(VIEWER, "ours", "on", List.of("alice"), 1),
                Permission.WRITE,
                "Actor 'viewer' lacks permission WRITE for 'ours'");
        assertDenied(
                () -> admin.deleteFlag(VIEWER, "ours", 1, "x"),
                Permission.DELETE,
                "Actor 'viewer' lacks permission DELETE for 'ours'");
        assertDenied(
                () -> admin.emergencyOff(VIEWER, "ours", 1, "x"),
                Permission.WRITE,
                "Actor 'viewer' lacks permission WRITE for 'ours'");
        assertDenied(
                () -> admin.updateSegment(VIEWER, SegmentDefinition.ofKeys("beta"), 1, null),
                Permission.WRITE,
                "Actor 'viewer' lacks permission WRITE for 'beta'");
        assertThat(store.changesSince(4, 10)).isEmpty();
    }

    @Test
    void anEditorChangesFlagsButNeedsAdminForArchiveAndKillSwitch() {
        assertThat(admin.setTargets(EDITOR, "ours", "off", List.of("mallory"), 1)
                        .version())
                .isEqualTo(2);
        assertThat(admin.changeStatus(EDITOR, "ours", FlagStatus.PAUSED, 2, null)
                        .definition()
                        .status())
                .isEqualTo(FlagStatus.PAUSED);

        assertDenied(
                () -> admin.changeStatus(EDITOR, "ours", FlagStatus.ARCHIVED, 3, null),
                Permission.ADMIN,
                "Actor 'editor' lacks permission ADMIN for 'ours'");
        assertDenied(
                () -> admin.emergencyOff(EDITOR, "theirs", 1, "errors"),
                Permission.ADMIN,
                "Actor 'editor' lacks permission ADMIN for 'theirs'");
        assertDenied(
                () -> admin.updateFlag(EDITOR, flag("theirs", FlagStatus.EMERGENCY_OFF), 1, "errors"),
                Permission.ADMIN,
                "Actor 'editor' lacks permission ADMIN for 'theirs'");
        assertDenied(
                () -> admin.createFlag(EDITOR, flag("new", FlagStatus.ARCHIVED), null),
                Permission.ADMIN,
                "Actor 'editor' lacks permission ADMIN for 'new'");
        assertDenied(
                () -> admin.deleteFlag(EDITOR, "ours", 3, "x"),
                Permission.DELETE,
                "Actor 'editor' lacks permission DELETE for 'ours'");
        assertDenied(
                () -> admin.seed(EDITOR, Definitions.EMPTY, SeedMode.IMPORT_MISSING),
                Permission.ADMIN,
                "Actor 'editor' lacks permission ADMIN");
        assertDenied(() -> admin.cleanUpArchived(EDITOR), Permission.ADMIN, "Actor 'editor' lacks permission ADMIN");
    }

    @Test
    void anOperatorWithAdminOnlyPullsTheKillSwitchButEditsNothing() {
        assertThat(admin.emergencyOff(OPERATOR, "theirs", FlagAdmin.ANY_VERSION, "errors")
                        .definition()
                        .status())
                .isEqualTo(FlagStatus.EMERGENCY_OFF);
        assertThat(admin.restore(OPERATOR, "theirs", FlagStatus.PAUSED, 2, "fixed")
                        .definition()
                        .status())
                .isEqualTo(FlagStatus.PAUSED);
        assertThat(admin.changeStatus(OPERATOR, "theirs", FlagStatus.ARCHIVED, 3, "done")
                        .definition()
                        .status())
                .isEqualTo(FlagStatus.ARCHIVED);

        assertDenied(
                () -> admin.changeStatus(OPERATOR, "ours", FlagStatus.PAUSED, 1, null),
                Permission.WRITE,
                "Actor 'operator' lacks permission WRITE for 'ours'");
        assertDenied(
                () -> admin.setTargets(OPERATOR, "ours", "on", List.of("alice"), 1),
                Permission.WRITE,
                "Actor 'operator' lacks permission WRITE for 'ours'");
    }

    @Test
    void aTeamScopedByOwnerChangesOnlyItsOwnFlags() {
        assertThat(admin.setTargets(TEAM_A, "ours", "on", List.of("alice"), 1).version())
                .isEqualTo(2);
        assertThat(admin.getFlag(TEAM_A, "theirs").key()).isEqualTo("theirs");

        assertDenied(
                () -> admin.setTargets(TEAM_A, "theirs", "on", List.of("alice"), 1),
                Permission.WRITE,
                "Flag 'theirs' (owner 'team-b', tags []) is outside the scope of actor 'team-a-dev'");
        assertDenied(
                () -> admin.deleteFlag(TEAM_A, "theirs", 1, "not ours"),
                Permission.DELETE,
                "Flag 'theirs' (owner 'team-b', tags []) is outside the scope of actor 'team-a-dev'");
        assertDenied(
                () -> admin.createFlag(
                        TEAM_A, flag("new").toBuilder().owner("team-b").build(), null),
                Permission.WRITE,
                "Flag 'new' (owner 'team-b', tags []) is outside the scope of actor 'team-a-dev'");
        assertDenied(
                () -> admin.updateFlag(
                        TEAM_A, flag("ours").toBuilder().owner("team-b").build(), 2, "give away"),
                Permission.WRITE,
                "Flag 'ours' (owner 'team-b', tags []) is outside the scope of actor 'team-a-dev'");
        assertDenied(
                () -> admin.updateSegment(TEAM_A, SegmentDefinition.ofKeys("beta"), 1, null),
                Permission.WRITE,
                "Actor 'team-a-dev' is scoped to some flags and may not change segment 'beta'");
        assertThat(store.flag("theirs").version()).isEqualTo(1);
    }

    @Test
    void aTeamScopedByTagChangesOnlyTaggedFlags() {
        assertThat(admin.setTargets(PAYMENTS, "pay", "on", List.of("alice"), 1).version())
                .isEqualTo(2);

        assertDenied(
                () -> admin.setTargets(PAYMENTS, "ours", "on", List.of("alice"), 1),
                Permission.WRITE,
                "Flag 'ours' (owner 'team-a', tags []) is outside the scope of actor 'payments-dev'");
    }
}
