package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Prerequisite;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Validating a reload against the definitions in force skips the flags that did not change, and
 * finds exactly the problems a full validation finds.
 */
class IncrementalValidationTests {

    private static final FlagDefinition PAYMENTS = IncrementalCompileTests.PAYMENTS;
    private static final FlagDefinition CHECKOUT = IncrementalCompileTests.CHECKOUT;
    private static final FlagDefinition VIP = IncrementalCompileTests.VIP;
    private static final FlagDefinition SEARCH = IncrementalCompileTests.SEARCH;
    /** Payments required by checkout, vip using the segment vips, search alone. */
    private static final Definitions VALID = IncrementalCompileTests.BEFORE;

    @Test
    void aChangeThatBreaksAnUnchangedDependentIsFound() {
        Definitions onlyOff = VALID.withFlag(FlagDefinition.builder("payments")
                .variant("off", false)
                .defaultVariant("off")
                .build());

        assertThat(messages(onlyOff.validateChangesFrom(VALID)))
                .containsExactly("flags.checkout.prerequisites[0].variants[0]: unknown variant 'on' of flag"
                        + " 'payments' (expected one of off)");
        assertThat(onlyOff.validateChangesFrom(VALID)).isEqualTo(onlyOff.validate());
        Definitions withoutPayments = VALID.withoutFlag("payments");
        assertThat(messages(withoutPayments.validateChangesFrom(VALID)))
                .containsExactly("flags.checkout.prerequisites[0].flag: unknown flag 'payments'");
    }

    @Test
    void aSegmentChangeChecksEveryFlagAgain() {
        Definitions withoutSegment = new Definitions(VALID.flags(), List.of());

        assertThat(messages(withoutSegment.validateChangesFrom(VALID)))
                .containsExactly("flags.vip.rules[0].when[0].values[0]: unknown segment 'vips'");
    }

    @Test
    void aCycleThroughOneChangedFlagAndADuplicateKeyAreFound() {
        Definitions cycle = VALID.withFlag(PAYMENTS.toBuilder()
                .prerequisite(Prerequisite.of("checkout", "on"))
                .build());
        Definitions duplicate = new Definitions(List.of(PAYMENTS, CHECKOUT, VIP, SEARCH, SEARCH), VALID.segments());

        assertThat(cycle.validateChangesFrom(VALID)).isEqualTo(cycle.validate()).hasSize(1);
        assertThat(messages(cycle.validateChangesFrom(VALID)).get(0)).contains("prerequisite cycle");
        assertThat(messages(duplicate.validateChangesFrom(VALID)))
                .containsExactly("flags.search: duplicate flag key 'search'");
    }

    @Test
    void aReloadThatBreaksAnUnchangedFlagIsRefusedNamingIt() {
        InMemoryFlagSource source = FlagSources.inMemory("mem", VALID);
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        FlagChangeListener listener = new FlagChangeListener() {
            @Override
            public void flagsChanged(Set<String> changedKeys) {}

            @Override
            public void loadFailed(String sourceName, RuntimeException error) {
                failures.add(error);
            }
        };
        try (FlagManager flags =
                FlagManager.builder().source(source).listener(listener).build()) {
            source.update(VALID.withoutFlag("payments"));

            assertThat(failures)
                    .singleElement()
                    .isInstanceOf(DefinitionsException.class)
                    .extracting(Throwable::getMessage)
                    .asString()
                    .contains("flags.checkout.prerequisites[0].flag: unknown flag 'payments'");
            assertThat(flags.isEnabled("checkout", EvaluationContext.of("u")))
                    .as("the last good")
                    .isTrue();
        }
    }

    /**
     * Random documents mixed into the valid ones in force, valid or not: the problems found against
     * the valid definitions are the full validation's, in the same order.
     */
    @Test
    void randomChangesFindTheProblemsOfAFullValidation() {
        long seed = Long.getLong("flags.property.seed", 20261203L);
        Random random = new Random(seed);
        GeneratedDefinitions generator = new GeneratedDefinitions(random);
        Definitions current = IncrementalCompileTests.generated(generator);
        int invalid = 0;
        for (int step = 0; step < 300; step++) {
            Definitions next =
                    IncrementalCompileTests.mixed(current, IncrementalCompileTests.generated(generator), random);
            List<DefinitionError> full = next.validate();
            assertThat(next.validateChangesFrom(current))
                    .as("seed %d step %d", seed, step)
                    .isEqualTo(full);
            if (full.isEmpty()) {
                current = next;
            } else {
                invalid++;
            }
        }
        assertThat(invalid).as("mixes with problems").isGreaterThan(20);
    }

    private static List<String> messages(List<DefinitionError> errors) {
        return errors.stream().map(e -> e.path() + ": " + e.message()).toList();
    }
}
