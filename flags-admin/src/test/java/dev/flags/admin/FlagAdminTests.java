package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.MutableClock;
import dev.flags.Reason;
import dev.flags.definition.Condition;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.EntityKind;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.StoredFlag;
import dev.flags.store.VersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlagAdminTests {

    final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    final FlagStore store = FlagStores.inMemory(clock);
    final List<AuditEntry> published = new ArrayList<>();
    FlagAdmin admin;

    @BeforeEach
    void createService() {
        admin = FlagAdmin.builder(store)
                .clock(clock)
                .auditListener(published::add)
                .build();
    }

    @Test
    void createsAFlagAtVersionOneAndAuditsIt() {
        StoredFlag created = admin.createFlag(EDITOR, flag("checkout"), "new feature");

        assertThat(created.version()).isEqualTo(1);
        assertThat(admin.getFlag(EDITOR, "checkout")).isEqualTo(created);
        assertThat(admin.listFlags(EDITOR)).containsExactly(created);
        assertThat(admin.audit(EDITOR, AuditQuery.ALL.forFlag("checkout")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.CREATE);
                    assertThat(e.actor()).isEqualTo("editor");
                    assertThat(e.reason()).isEqualTo("new feature");
                    assertThat(e.before()).isNull();
                    assertThat(e.after()).isEqualTo("{\"owner\":\"team-a\",\"default-variant\":\"on\"}");
                });
        assertThat(published).extracting(AuditEntry::key).containsExactly("checkout");
    }

    @Test
    void refusesToCreateAFlagThatExists() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        assertThatThrownBy(() -> admin.createFlag(EDITOR, flag("checkout"), null))
                .isInstanceOfSatisfying(
                        AlreadyExistsException.class, e -> assertThat(e.kind()).isEqualTo(EntityKind.FLAG))
                .hasMessage("Flag 'checkout' already exists");
    }

    @Test
    void rejectsAnInvalidFlagWholeWithEveryErrorAndItsPath() {
        FlagDefinition invalid = FlagDefinition.builder("checkout")
                .defaultVariant("nope")
                .target("ghost", "alice")
                .prerequisite(Prerequisite.of("missing", "on"))
                .build();

        assertThatThrownBy(() -> admin.createFlag(EDITOR, invalid, null))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new DefinitionError(
                                                null,
                                                "flags.checkout.default-variant",
                                                "unknown variant 'nope' (expected one of on, off)"),
                                        new DefinitionError(
                                                null, "flags.checkout.prerequisites[0].flag", "unknown flag 'missing'"),
                                        new DefinitionError(
                                                null,
                                                "flags.checkout.targets.ghost",
                                                "unknown variant 'ghost' (expected one of on, off)")))
                .hasMessageStartingWith("Rejected, 3 errors:\n"
                        + "  flags.checkout.default-variant: unknown variant 'nope' (expected one of on, off)");
        assertThat(store.contents().flags()).isEmpty();
        assertThat(store.changesSince(0, 10)).isEmpty();
    }

    @Test
    void validatesAWriteAgainstTheOtherFlags() {
        admin.createFlag(EDITOR, flag("base"), null);
        admin.createFlag(
                EDITOR,
                flag("dependent").toBuilder()
                        .prerequisite(Prerequisite.of("base", "on"))
                        .build(),
                null);
        FlagDefinition baseWithoutOn = FlagDefinition.builder("base")
                .owner("team-a")
                .variant("yes", true)
                .variant("no", false)
                .defaultVariant("yes")
                .build();

        assertThatThrownBy(() -> admin.updateFlag(EDITOR, baseWithoutOn, 1, null))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null,
                                        "flags.dependent.prerequisites[0].variants[0]",
                                        "unknown variant 'on' of flag 'base' (expected one of yes, no)")));
        assertThat(admin.getFlag(EDITOR, "base").version()).isEqualTo(1);
    }

    @Test
    void unknownFlagsAreNotFound() {
        assertThatThrownBy(() -> admin.getFlag(EDITOR, "nope"))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.key()).isEqualTo("nope"))
                .hasMessage("Flag 'nope' does not exist");
        assertThatThrownBy(() -> admin.updateFlag(EDITOR, flag("nope"), 1, null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.deleteFlag(ADMIN, "nope", 1, "gone")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.getSegment(EDITOR, "nope"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Segment 'nope' does not exist");
    }

    @Test
    void aStaleVersionIsAConflictAndChangesNothing() {
        admin.createFlag(EDITOR, flag("checkout"), null);
        admin.updateFlag(EDITOR, flag("checkout").toBuilder().description("v2").build(), 1, null);

        assertThatThrownBy(() -> admin.updateFlag(
                        EDITOR,
                        flag("checkout").toBuilder().description("stale").build(),
                        1,
                        null))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.currentVersion()).isEqualTo(2);
                })
                .hasMessage("Flag 'checkout' is at version 2, not 1");
        assertThatThrownBy(() -> admin.deleteFlag(ADMIN, "checkout", 1, "cleanup"))
                .isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> admin.emergencyOff(ADMIN, "checkout", 1, "errors"))
                .isInstanceOf(VersionConflictException.class);
        assertThat(admin.getFlag(EDITOR, "checkout").definition().description()).isEqualTo("v2");
        assertThat(store.changesSince(0, 10)).hasSize(2);
    }

    @Test
    void deletingNeedsAReason() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        assertThatThrownBy(() -> admin.deleteFlag(ADMIN, "checkout", 1, " "))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new DefinitionError(null, "reason", "a reason is required to delete a flag")));
        assertThat(store.flag("checkout")).isNotNull();
    }

    @Test
    void deletesAFlagWithItsReason() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        AuditEntry entry = admin.deleteFlag(ADMIN, "checkout", 1, "rolled out everywhere");

        assertThat(entry.action()).isEqualTo(AuditAction.DELETE);
        assertThat(entry.reason()).isEqualTo("rolled out everywhere");
        assertThat(entry.after()).isNull();
        assertThat(store.flag("checkout")).isNull();
    }

    @Test
    void refusesToDeleteAFlagOthersRequire() {
        admin.createFlag(EDITOR, flag("base"), null);
        admin.createFlag(
                EDITOR,
                flag("dependent").toBuilder()
                        .prerequisite(Prerequisite.of("base", "on"))
                        .build(),
                null);

        assertThatThrownBy(() -> admin.deleteFlag(ADMIN, "base", 1, "unused"))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null, "flags.dependent.prerequisites[0].flag", "unknown flag 'base'")));
        assertThat(store.flag("base")).isNotNull();
    }

    @Test
    void movesThroughTheLifecycle() {
        admin.createFlag(EDITOR, flag("checkout", FlagStatus.DRAFT), null);

        assertThat(admin.changeStatus(EDITOR, "checkout", FlagStatus.ACTIVE, 1, null)
                        .definition()
                        .status())
                .isEqualTo(FlagStatus.ACTIVE);
        assertThat(admin.changeStatus(EDITOR, "checkout", FlagStatus.PAUSED, 2, null)
                        .definition()
                        .status())
                .isEqualTo(FlagStatus.PAUSED);
        StoredFlag archived = admin.changeStatus(ADMIN, "checkout", FlagStatus.ARCHIVED, 3, "done");
        assertThat(archived.definition().status()).isEqualTo(FlagStatus.ARCHIVED);
        assertThat(archived.archived()).isEqualTo(clock.instant());
        assertThat(store.audit(AuditQuery.ALL.forFlag("checkout")))
                .extracting(AuditEntry::action)
                .containsExactly(
                        AuditAction.STATUS_CHANGE,
                        AuditAction.STATUS_CHANGE,
                        AuditAction.STATUS_CHANGE,
                        AuditAction.CREATE);
    }

    @Test
    void refusesAnIllegalTransitionNamingTheAllowedOnes() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        assertThatThrownBy(() -> admin.changeStatus(ADMIN, "checkout", FlagStatus.ARCHIVED, 1, null))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(FlagStatus.ACTIVE);
                    assertThat(e.to()).isEqualTo(FlagStatus.ARCHIVED);
                    assertThat(e.allowed())
                            .containsExactlyInAnyOrder(
                                    FlagStatus.PAUSED, FlagStatus.SCHEDULED, FlagStatus.EMERGENCY_OFF);
                })
                .hasMessage("Flag 'checkout' cannot go from active to archived (allowed: scheduled, paused,"
                        + " emergency-off)");
        assertThatThrownBy(() -> admin.updateFlag(ADMIN, flag("checkout", FlagStatus.DRAFT), 1, null))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("Flag 'checkout' cannot go from active to draft (allowed: scheduled, paused,"
                        + " emergency-off)");
        assertThat(store.flag("checkout").version()).isEqualTo(1);
    }

    @Test
    void emergencyOffNeedsAReasonAndIsLeftOnlyThroughRestore() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        assertThatThrownBy(() -> admin.emergencyOff(ADMIN, "checkout", 1, ""))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null, "reason", "a reason is required to switch a flag to emergency-off")));
        StoredFlag off = admin.emergencyOff(ADMIN, "checkout", 1, "payment errors");
        assertThat(off.definition().status()).isEqualTo(FlagStatus.EMERGENCY_OFF);
        assertThat(admin.emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "pressed again"))
                .isEqualTo(off);

        assertThatThrownBy(() -> admin.changeStatus(ADMIN, "checkout", FlagStatus.ACTIVE, 2, null))
                .isInstanceOfSatisfying(
                        IllegalTransitionException.class,
                        e -> assertThat(e.allowed()).isEmpty())
                .hasMessage("Flag 'checkout' cannot go from emergency-off to active (allowed: none); a flag"
                        + " leaves emergency-off only through restore");
        assertThatThrownBy(() -> admin.updateFlag(ADMIN, flag("checkout"), 2, null))
                .isInstanceOf(IllegalTransitionException.class);

        StoredFlag restored = admin.restore(ADMIN, "checkout", FlagStatus.ACTIVE, 2, "fixed");
        assertThat(restored.definition().status()).isEqualTo(FlagStatus.ACTIVE);
        assertThat(admin.audit(ADMIN, AuditQuery.ALL.forFlag("checkout")))
                .extracting(AuditEntry::reason)
                .containsExactly("fixed", "payment errors", null);
    }

    @Test
    void restoreOnlyBringsFlagsBackFromEmergencyOff() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        assertThatThrownBy(() -> admin.restore(ADMIN, "checkout", FlagStatus.PAUSED, 1, null))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("Flag 'checkout' cannot go from active to paused (allowed: scheduled, paused,"
                        + " emergency-off); restore only brings a flag back from emergency-off");
        admin.emergencyOff(ADMIN, "checkout", 1, "errors");
        assertThatThrownBy(() -> admin.restore(ADMIN, "checkout", FlagStatus.EMERGENCY_OFF, 2, null))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageEndingWith("; restore to another status than emergency-off");
    }

    @Test
    void everyWriteIsEvaluatedAtOnce() {
        admin.createFlag(
                EDITOR,
                FlagDefinition.builder("checkout")
                        .type(dev.flags.definition.FlagType.STRING)
                        .variant("old", "old")
                        .variant("new", "new")
                        .defaultVariant("old")
                        .offVariant("old")
                        .build(),
                null);
        try (FlagManager manager =
                FlagManager.builder().source(FlagStores.source(store)).build()) {
            EvaluationContext alice = EvaluationContext.of("alice");
            assertThat(manager.getString("checkout", "x", alice)).isEqualTo("old");

            admin.setWeights(EDITOR, "checkout", null, weights("new", 100, "old", 0), 1);
            assertThat(manager.getStringDetails("checkout", "x", alice).reason())
                    .isEqualTo(Reason.SPLIT);
            assertThat(manager.getString("checkout", "x", alice)).isEqualTo("new");

            admin.emergencyOff(ADMIN, "checkout", FlagAdmin.ANY_VERSION, "broken");
            assertThat(manager.getStringDetails("checkout", "x", alice).reason())
                    .isEqualTo(Reason.DISABLED);
            assertThat(manager.getString("checkout", "x", alice)).isEqualTo("old");
        }
    }

    private static Map<String, Integer> weights(String a, int wa, String b, int wb) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(a, wa);
        weights.put(b, wb);
        return weights;
    }

    @Test
    void adjustsTargetsRulesServesAndSchedules() {
        admin.createFlag(EDITOR, flag("checkout"), null);
        Rule beta = Rule.of("beta", Serve.variant("on"), Condition.of("plan", Operator.EQUALS, "beta"));
        Rule staff = Rule.of("staff", Serve.variant("off"), Condition.of("staff", Operator.EXISTS));

        admin.setTargets(EDITOR, "checkout", "off", List.of("mallory"), 1);
        admin.putRule(EDITOR, "checkout", beta, 2);
        admin.putRule(EDITOR, "checkout", staff, 3);
        admin.putRule(EDITOR, "checkout", Rule.of("beta", Serve.split("on", 25).and("off", 75)), 4);
        admin.setServe(EDITOR, "checkout", "staff", Serve.variant("on"), 5);
        admin.removeRule(EDITOR, "checkout", "staff", 6);
        Instant from = Instant.parse("2026-04-01T00:00:00Z");
        admin.setActiveWindow(EDITOR, "checkout", from, null, 7);
        StoredFlag result = admin.setTargets(EDITOR, "checkout", "off", List.of(), 8);

        assertThat(result.version()).isEqualTo(9);
        assertThat(result.definition().targets()).isEmpty();
        assertThat(result.definition().rules())
                .containsExactly(Rule.of("beta", Serve.split("on", 25).and("off", 75)));
        assertThat(result.definition().activeFrom()).isEqualTo(from);
        assertThat(store.audit(AuditQuery.ALL.forFlag("checkout").withLimit(3)))
                .extracting(AuditEntry::action)
                .containsOnly(AuditAction.UPDATE);
    }

    @Test
    void convenienceOperationsNameAMissingRule() {
        admin.createFlag(EDITOR, flag("checkout"), null);

        assertThatThrownBy(() -> admin.removeRule(EDITOR, "checkout", "nope", 1))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null, "flags.checkout.rules", "no rule with id 'nope' (rules: [])")));
        assertThatThrownBy(() -> admin.setWeights(EDITOR, "checkout", null, weights("on", 0, "off", 0), 1))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null,
                                        "flags.checkout.fallthrough.distribution",
                                        "weights must not all be zero")));
    }

    @Test
    void managesSegmentsWithVersionsAndValidation() {
        admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice"), null);
        admin.createFlag(
                EDITOR,
                flag("checkout").toBuilder()
                        .rule(Rule.of("in-beta", Serve.variant("on"), Condition.inSegment("beta")))
                        .build(),
                null);

        assertThat(admin.updateSegment(EDITOR, SegmentDefinition.ofKeys("beta", "alice", "bob"), 1, null)
                        .version())
                .isEqualTo(2);
        assertThatThrownBy(() -> admin.updateSegment(EDITOR, SegmentDefinition.ofKeys("beta"), 1, null))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Segment 'beta' is at version 2, not 1");
        assertThatThrownBy(() -> admin.createSegment(EDITOR, SegmentDefinition.ofKeys("beta"), null))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("Segment 'beta' already exists");
        assertThatThrownBy(() -> admin.deleteSegment(ADMIN, "beta", 2, "unused"))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null, "flags.checkout.rules[0].when[0].values[0]", "unknown segment 'beta'")));
        assertThat(admin.listSegments(EDITOR)).extracting(s -> s.key()).containsExactly("beta");
    }

    @Test
    void auditIsQueryableByFlagActorAndTime() {
        admin.createFlag(EDITOR, flag("a"), null);
        clock.advance(Duration.ofHours(1));
        admin.createFlag(ADMIN, flag("b"), null);
        clock.advance(Duration.ofHours(1));
        admin.emergencyOff(ADMIN, "a", 1, "errors");

        assertThat(admin.audit(EDITOR, AuditQuery.ALL.forFlag("a")))
                .extracting(AuditEntry::actor)
                .containsExactly("admin", "editor");
        assertThat(admin.audit(EDITOR, AuditQuery.ALL.byActor("admin")))
                .extracting(AuditEntry::key)
                .containsExactly("a", "b");
        assertThat(admin.audit(
                        EDITOR,
                        AuditQuery.ALL.between(
                                Instant.parse("2026-03-01T10:30:00Z"), Instant.parse("2026-03-01T11:30:00Z"))))
                .extracting(AuditEntry::key)
                .containsExactly("b");
        assertThat(published).hasSize(3);
    }

    @Test
    void aFailingAuditListenerDoesNotFailTheWrite() {
        FlagAdmin failing = FlagAdmin.builder(store)
                .auditListener(entry -> {
                    throw new IllegalStateException("listener down");
                })
                .build();

        StoredFlag created = failing.createFlag(EDITOR, flag("a"), null);

        assertThat(store.flag("a")).isEqualTo(created);
    }
}
