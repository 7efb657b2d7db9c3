package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A reload compiles the flags that changed and keeps the others, with the answers of a full compile. */
class IncrementalCompileTests {

    static final FlagDefinition PAYMENTS =
            FlagDefinition.builder("payments").defaultVariant("on").build();
    static final FlagDefinition CHECKOUT = FlagDefinition.builder("checkout")
            .defaultVariant("on")
            .prerequisite(Prerequisite.of("payments", "on"))
            .build();
    static final FlagDefinition VIP = FlagDefinition.builder("vip")
            .defaultVariant("off")
            .rule(Rule.of("vips", Serve.variant("on"), Condition.inSegment("vips")))
            .build();
    static final FlagDefinition SEARCH =
            FlagDefinition.builder("search").defaultVariant("on").build();
    private static final SegmentDefinition VIPS = SegmentDefinition.ofKeys("vips", "a");

    static final Definitions BEFORE =
            Definitions.of(PAYMENTS, CHECKOUT, VIP, SEARCH).withSegment(VIPS);
    private static final Definitions WIDER_SEGMENT =
            Definitions.of(PAYMENTS, CHECKOUT, VIP, SEARCH).withSegment(SegmentDefinition.ofKeys("vips", "a", "b"));

    @Test
    void aReloadKeepsTheCompiledFlagsThatDidNotChangeAndCompilesTheOthers() {
        Snapshot before = SnapshotCompiler.compile(BEFORE);
        Snapshot after = SnapshotCompiler.recompile(
                BEFORE.withFlag(SEARCH.toBuilder().description("changed").build()), null, before);

        assertThat(after.flag("payments")).isSameAs(before.flag("payments"));
        assertThat(after.flag("checkout")).isSameAs(before.flag("checkout"));
        assertThat(after.flag("vip")).isSameAs(before.flag("vip"));
        assertThat(after.flag("search")).isNotSameAs(before.flag("search"));
        assertThat(after.flag("search").definition.description()).isEqualTo("changed");
    }

    @Test
    void anEqualDefinitionReadAgainKeepsItsCompiledFlag() {
        Snapshot before = SnapshotCompiler.compile(BEFORE);
        Definitions readAgain = DefinitionsReader.read("again.yml", DefinitionsWriter.toYaml(BEFORE));
        assertThat(readAgain.flag("vip")).isNotSameAs(VIP);

        Snapshot after = SnapshotCompiler.recompile(readAgain, null, before);

        for (FlagDefinition flag : BEFORE.flags()) {
            assertThat(after.flag(flag.key())).as(flag.key()).isSameAs(before.flag(flag.key()));
        }
    }

    @Test
    void aFlagWhosePrerequisiteChangedIsCompiledAgainAndFollowsIt() {
        InMemoryFlagSource source = FlagSources.inMemory("mem", BEFORE);
        try (FlagManager flags = FlagManager.builder().source(source).build()) {
            assertThat(flags.evaluate("checkout", EvaluationContext.EMPTY).variant())
                    .isEqualTo("on");

            source.update(BEFORE.withFlag(PAYMENTS.withStatus(FlagStatus.PAUSED)));

            EvaluationDetails<Object> checkout = flags.evaluate("checkout", EvaluationContext.EMPTY);
            assertThat(checkout.reason()).isEqualTo(Reason.DISABLED);
            assertThat(checkout.detail()).isEqualTo("prerequisite 'payments' not met (requires variant 'on')");
        }
        Snapshot before = SnapshotCompiler.compile(BEFORE);
        Snapshot after =
                SnapshotCompiler.recompile(BEFORE.withFlag(PAYMENTS.withStatus(FlagStatus.PAUSED)), null, before);
        assertThat(after.flag("checkout")).isNotSameAs(before.flag("checkout"));
        assertThat(after.flag("checkout").prerequisites[0]).isSameAs(after.flag("payments"));
        assertThat(after.flag("search")).isSameAs(before.flag("search"));
    }

    @Test
    void aSegmentChangeCompilesEveryFlagAgainAndTheRulesSeeTheNewSegment() {
        EvaluationContext b = EvaluationContext.of("b");
        InMemoryFlagSource source = FlagSources.inMemory("mem", BEFORE);
        try (FlagManager flags = FlagManager.builder().source(source).build()) {
            assertThat(flags.isEnabled("vip", b)).isFalse();

            source.update(WIDER_SEGMENT);

            EvaluationDetails<Object> vip = flags.evaluate("vip", b);
            assertThat(vip.variant()).isEqualTo("on");
            assertThat(vip.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(vip.ruleId()).isEqualTo("vips");
        }
        Snapshot before = SnapshotCompiler.compile(BEFORE);
        Snapshot after = SnapshotCompiler.recompile(
                BEFORE.withSegment(SegmentDefinition.ofKeys("vips", "a", "b")), null, before);
        for (FlagDefinition flag : BEFORE.flags()) {
            assertThat(after.flag(flag.key())).as(flag.key()).isNotSameAs(before.flag(flag.key()));
        }
    }

    /**
     * Random documents applied one after another, each keeping about half of the previous one's
     * flags: every answer of the manager that reloaded equals the answer of a manager built from
     * the same definitions at once.
     */
    @Test
    void reloadsOfRandomDefinitionsAnswerLikeAFullCompile() {
        long seed = Long.getLong("flags.property.seed", 20261203L);
        Random random = new Random(seed);
        GeneratedDefinitions generator = new GeneratedDefinitions(random);
        Definitions current = generated(generator);
        InMemoryFlagSource source = FlagSources.inMemory("mem", current);
        int applied = 0;
        try (FlagManager reloaded = FlagManager.builder().source(source).build()) {
            for (int step = 0; step < 200; step++) {
                Definitions next = mixed(current, generated(generator), random);
                if (!next.validate().isEmpty()) {
                    continue;
                }
                source.update(next);
                current = next;
                applied++;
                try (FlagManager fresh = FlagManager.builder().definitions(next).build()) {
                    for (int c = 0; c < 10; c++) {
                        EvaluationContext context = generator.context();
                        for (FlagDefinition flag : next.flags()) {
                            assertThat(reloaded.evaluate(flag.key(), context))
                                    .as("seed %d step %d flag %s context %s", seed, step, flag.key(), context)
                                    .isEqualTo(fresh.evaluate(flag.key(), context));
                        }
                    }
                }
            }
        }
        assertThat(applied).as("valid mixed documents").isGreaterThan(50);
    }

    static Definitions generated(GeneratedDefinitions generator) {
        return DefinitionsReader.read("generated.yml", DefinitionsWriter.yaml(generator.document()));
    }

    /** The previous flags, each replaced by the other document's flag of the same key half the time. */
    static Definitions mixed(Definitions previous, Definitions other, Random random) {
        Definitions mixed = random.nextInt(4) == 0 ? new Definitions(previous.flags(), other.segments()) : previous;
        for (FlagDefinition flag : other.flags()) {
            if (previous.flag(flag.key()) == null || random.nextBoolean()) {
                mixed = mixed.withFlag(flag);
            }
        }
        return mixed;
    }
}
