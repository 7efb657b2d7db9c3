package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.DefinitionFixtures;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.SegmentDefinition;
import dev.flags.store.AuditAction;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagAdminSeedTests {

    final FlagStore store = FlagStores.inMemory();
    final FlagAdmin admin = FlagAdmin.builder(store).build();
    final Actor seeder = Actor.system("system:seed");

    static final String FILE = """
            flags:
              checkout:
                default-variant: on
                owner: team-a
              search:
                default-variant: off
                prerequisites:
                  - flag: checkout
                    variant: on
            segments:
              beta:
                included: [alice]
            """;

    @Test
    void importsEverythingIntoAnEmptyStore() {
        SeedResult result = admin.seed(seeder, DefinitionsReader.read("flags.yml", FILE), SeedMode.IMPORT_MISSING);

        assertThat(result.importedFlags()).containsExactly("checkout", "search");
        assertThat(result.importedSegments()).containsExactly("beta");
        assertThat(result.keptFlags()).isEmpty();
        assertThat(store.contents().definitions().flags()).hasSize(2);
        assertThat(store.audit(AuditQuery.ALL)).extracting(AuditEntry::action).containsOnly(AuditAction.SEED_IMPORT);
        assertThat(store.audit(AuditQuery.ALL)).extracting(AuditEntry::actor).containsOnly("system:seed");
    }

    @Test
    void keepsWhatTheStoreHasUnlessFilesAreAuthoritative() {
        admin.seed(seeder, DefinitionsReader.read("flags.yml", FILE), SeedMode.IMPORT_MISSING);
        admin.emergencyOff(ADMIN, "checkout", 1, "3 a.m. incident");

        SeedResult kept = admin.seed(seeder, DefinitionsReader.read("flags.yml", FILE), SeedMode.IMPORT_MISSING);

        assertThat(kept.changes()).isEmpty();
        assertThat(kept.keptFlags()).containsExactly("checkout", "search");
        assertThat(kept.keptSegments()).containsExactly("beta");
        assertThat(store.flag("checkout").definition().status()).isEqualTo(FlagStatus.EMERGENCY_OFF);

        SeedResult overwritten =
                admin.seed(seeder, DefinitionsReader.read("flags.yml", FILE), SeedMode.FILES_AUTHORITATIVE);

        assertThat(overwritten.overwrittenFlags()).containsExactly("checkout");
        assertThat(overwritten.keptFlags()).containsExactly("search");
        assertThat(store.flag("checkout").definition().status()).isEqualTo(FlagStatus.ACTIVE);
        assertThat(store.flag("checkout").version()).isEqualTo(3);
        assertThat(store.audit(AuditQuery.ALL.forFlag("checkout").withLimit(1)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.SEED_OVERWRITE);
                    assertThat(e.before()).contains("\"status\":\"emergency-off\"");
                    assertThat(e.after()).doesNotContain("status");
                });
    }

    @Test
    void importsMissingFlagsNextToRuntimeOnes() {
        admin.createFlag(EDITOR, flag("runtime-only"), null);

        SeedResult result = admin.seed(seeder, DefinitionsReader.read("flags.yml", FILE), SeedMode.FILES_AUTHORITATIVE);

        assertThat(result.importedFlags()).containsExactly("checkout", "search");
        assertThat(store.contents().flags())
                .extracting(f -> f.key())
                .containsExactly("checkout", "runtime-only", "search");
    }

    @Test
    void writesNothingWhenTheSeededResultWouldBeInvalid() {
        admin.createFlag(EDITOR, flag("base"), null);
        Definitions files = new Definitions(
                List.of(flag("dependent").toBuilder()
                        .prerequisite(Prerequisite.of("base", "missing-variant"))
                        .build()),
                List.of(SegmentDefinition.ofKeys("beta", "alice")));

        assertThatThrownBy(() -> admin.seed(seeder, files, SeedMode.IMPORT_MISSING))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new DefinitionError(
                                        null,
                                        "flags.dependent.prerequisites[0].variants[0]",
                                        "unknown variant 'missing-variant' of flag 'base' (expected one of on, off)")));
        assertThat(store.contents().flags()).hasSize(1);
        assertThat(store.contents().segments()).isEmpty();
    }

    @Test
    void theEngineOverTheStoreServesSeededDefinitions() {
        Definitions rich = DefinitionFixtures.rich();
        try (InspectableFlagManager manager =
                FlagManager.builder().source(FlagStores.source(store)).build()) {
            admin.seed(seeder, rich, SeedMode.IMPORT_MISSING);

            assertThat(manager.definitions().flags()).containsExactlyInAnyOrderElementsOf(rich.flags());
            assertThat(manager.isEnabled("base", EvaluationContext.EMPTY)).isTrue();
        }
    }
}
