package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.EDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.flags.store.FlagStores;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin operations that rebuild a flag's definition keep its experiment. */
class ExperimentAdminTests {

    @Test
    void targetsAndRulesKeepTheExperiment() {
        Experiment experiment = Experiment.of(
                "standard", Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), "purchase");
        FlagAdmin admin = FlagAdmin.builder(FlagStores.inMemory(dev.flags.MutableClock.at("2026-03-01T10:00:00Z")))
                .build();
        admin.createFlag(
                EDITOR,
                FlagDefinition.builder("pricing")
                        .type(FlagType.STRING)
                        .variant("standard", "S")
                        .variant("discount", "D")
                        .defaultVariant("standard")
                        .fallthrough(Serve.split("standard", 1).and("discount", 1))
                        .experiment(experiment)
                        .build(),
                null);
        admin.setTargets(EDITOR, "pricing", "discount", List.of("qa-1"), 1);
        admin.setRules(EDITOR, "pricing", List.of(Rule.of("staff", Serve.variant("discount"))), 2);
        assertThat(admin.getFlag(EDITOR, "pricing").definition().experiment()).isEqualTo(experiment);
    }
}
