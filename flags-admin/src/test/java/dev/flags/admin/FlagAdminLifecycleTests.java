package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.MutableClock;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FlagAdminLifecycleTests {

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final FlagStore store = FlagStores.inMemory(clock);
    final Actor cleanup = Actor.system("system:cleanup");

    void archive(FlagAdmin admin, String key) {
        admin.createFlag(EDITOR, flag(key, FlagStatus.PAUSED), null);
        admin.changeStatus(ADMIN, key, FlagStatus.ARCHIVED, 1, "done");
    }

    @Test
    void cleanupDeletesFlagsArchivedLongerThanNinetyDaysByDefault() {
        FlagAdmin admin = FlagAdmin.builder(store).clock(clock).build();
        archive(admin, "old");
        admin.createFlag(EDITOR, flag("active"), null);
        clock.advance(Duration.ofDays(60));
        archive(admin, "recent");
        clock.advance(Duration.ofDays(30));

        List<AuditEntry> deleted = admin.cleanUpArchived(cleanup);

        assertThat(deleted).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("old");
            assertThat(e.action()).isEqualTo(AuditAction.CLEANUP_DELETE);
            assertThat(e.actor()).isEqualTo("system:cleanup");
            assertThat(e.reason()).isEqualTo("archived since 2026-01-01T00:00:00Z, longer than PT2160H");
            assertThat(e.after()).isNull();
        });
        assertThat(store.contents().flags()).extracting(f -> f.key()).containsExactly("active", "recent");
    }

    @Test
    void cleanupUsesTheConfiguredRetentionAndKeepsFlagsOthersRequire() {
        FlagAdmin admin = FlagAdmin.builder(store)
                .clock(clock)
                .archivedRetention(Duration.ofDays(7))
                .build();
        archive(admin, "a");
        archive(admin, "required");
        admin.createFlag(
                EDITOR,
                flag("dependent", FlagStatus.PAUSED).toBuilder()
                        .prerequisite(Prerequisite.of("required", "on"))
                        .build(),
                null);
        clock.advance(Duration.ofDays(6));
        assertThat(admin.cleanUpArchived(cleanup)).isEmpty();
        clock.advance(Duration.ofDays(1));

        assertThat(admin.cleanUpArchived(cleanup)).extracting(AuditEntry::key).containsExactly("a");
        assertThat(store.flag("required")).isNotNull();
    }

    static final class Statistics implements EvaluationStatistics {
        final Instant since;
        final Map<String, Instant> last = new HashMap<>();

        Statistics(Instant since) {
            this.since = since;
        }

        @Override
        public Instant since() {
            return since;
        }

        @Override
        public @Nullable Instant lastEvaluated(String flagKey) {
            return last.get(flagKey);
        }
    }

    @Test
    void reportsFlagsPastTheirReviewDate() {
        FlagAdmin admin = FlagAdmin.builder(store).clock(clock).build();
        admin.createFlag(
                EDITOR,
                flag("overdue").toBuilder()
                        .reviewBy(LocalDate.parse("2025-12-31"))
                        .build(),
                null);
        admin.createFlag(
                EDITOR,
                flag("due-today").toBuilder()
                        .reviewBy(LocalDate.parse("2026-01-01"))
                        .build(),
                null);

        assertThat(admin.staleFlags(EDITOR).findings())
                .containsExactly(
                        new StaleFlag("overdue", StaleFlag.Reason.REVIEW_DATE_PASSED, "review date 2025-12-31 passed"));
    }

    @Test
    void reportsFlagsServingOneVariantToEveryoneUnchangedForLong() {
        FlagAdmin admin = FlagAdmin.builder(store)
                .clock(clock)
                .singleVariantAfter(Duration.ofDays(14))
                .build();
        admin.createFlag(EDITOR, flag("static"), null);
        admin.createFlag(
                EDITOR,
                flag("full-rollout").toBuilder()
                        .fallthrough(Serve.split("on", 100).and("off", 0))
                        .build(),
                null);
        admin.createFlag(
                EDITOR,
                flag("split").toBuilder()
                        .fallthrough(Serve.split("on", 50).and("off", 50))
                        .build(),
                null);
        admin.createFlag(
                EDITOR, flag("targeted").toBuilder().target("off", "mallory").build(), null);
        admin.createFlag(
                EDITOR,
                flag("ruled").toBuilder()
                        .rule(Rule.of("all", Serve.variant("off")))
                        .build(),
                null);
        admin.createFlag(EDITOR, flag("paused", FlagStatus.PAUSED), null);
        clock.advance(Duration.ofDays(13));
        admin.createFlag(EDITOR, flag("recent"), null);
        clock.advance(Duration.ofDays(1));

        StaleFlagReport report = admin.staleFlags(EDITOR);

        assertThat(report.generated()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(report.findings(StaleFlag.Reason.SINGLE_VARIANT))
                .containsExactly(
                        new StaleFlag(
                                "full-rollout",
                                StaleFlag.Reason.SINGLE_VARIANT,
                                "serves 'on' to everyone, unchanged since 2026-01-01T00:00:00Z"),
                        new StaleFlag(
                                "static",
                                StaleFlag.Reason.SINGLE_VARIANT,
                                "serves 'on' to everyone, unchanged since 2026-01-01T00:00:00Z"));
    }

    @Test
    void reportsFlagsNotEvaluatedForLong() {
        Statistics statistics = new Statistics(Instant.parse("2026-01-01T00:00:00Z"));
        FlagAdmin admin = FlagAdmin.builder(store)
                .clock(clock)
                .evaluationStatistics(statistics)
                .unevaluatedAfter(Duration.ofDays(7))
                .singleVariantAfter(Duration.ofDays(365))
                .build();
        admin.createFlag(EDITOR, flag("never"), null);
        admin.createFlag(EDITOR, flag("long-ago"), null);
        admin.createFlag(EDITOR, flag("lately"), null);
        admin.createFlag(EDITOR, flag("archived", FlagStatus.DRAFT), null);
        admin.changeStatus(ADMIN, "archived", FlagStatus.ARCHIVED, 1, null);
        statistics.last.put("long-ago", Instant.parse("2026-01-02T00:00:00Z"));
        clock.advance(Duration.ofDays(8));
        admin.createFlag(EDITOR, flag("new"), null);
        statistics.last.put("lately", clock.instant());

        assertThat(admin.staleFlags(EDITOR).findings())
                .containsExactly(
                        new StaleFlag(
                                "long-ago", StaleFlag.Reason.NOT_EVALUATED, "last evaluated 2026-01-02T00:00:00Z"),
                        new StaleFlag(
                                "never", StaleFlag.Reason.NOT_EVALUATED, "not evaluated since 2026-01-01T00:00:00Z"));
    }

    @Test
    void reportsArchivedFlagsThatCodeStillEvaluates() {
        try (InspectableFlagManager manager =
                FlagManager.builder().source(FlagStores.source(store)).build()) {
            FlagAdmin admin =
                    FlagAdmin.builder(store).clock(clock).flagManager(manager).build();
            archive(admin, "still-used");
            archive(admin, "unused");
            manager.isEnabled("still-used", EvaluationContext.EMPTY);
            manager.isEnabled("still-used", EvaluationContext.EMPTY);

            assertThat(admin.staleFlags(EDITOR).findings())
                    .containsExactly(new StaleFlag(
                            "still-used",
                            StaleFlag.Reason.ARCHIVED_BUT_EVALUATED,
                            "archived, yet evaluated 2 time(s) since the application started"));
        }
    }
}
