package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.Serve;
import org.junit.jupiter.api.Test;

/**
 * A distribution answers SPLIT, as this project's definitions mean; one marked
 * {@code reason: targeting-match} (what the flagd reader makes of flagd's {@code fractional})
 * answers TARGETING_MATCH with the same bucketing.
 */
class DistributionReasonTests {

    private static final String YAML = """
            flags:
              ours:
                default-variant: "off"
                fallthrough: {distribution: {"on": 1, "off": 1}}
              flagds:
                default-variant: "off"
                fallthrough: {distribution: {"on": 1, "off": 1}, reason: targeting-match}
            """;

    @Test
    void ourDistributionsAnswerSplitAndFlagdsAnswerTargetingMatchWithTheSameVariant() {
        Definitions definitions = DefinitionsReader.read("flags.yml", YAML);
        assertThat(definitions.flag("flagds").fallthrough())
                .isEqualTo(Serve.split("on", 1).and("off", 1).reportingTargetingMatch());
        try (FlagManager flags = FlagManager.builder().definitions(definitions).build()) {
            for (int i = 0; i < 50; i++) {
                EvaluationContext context =
                        EvaluationContext.builder().targetingKey("user-" + i).build();
                EvaluationDetails<Object> ours = flags.evaluate("ours", context);
                EvaluationDetails<Object> flagds = flags.evaluate("flagds", context);
                assertThat(ours.reason()).isEqualTo(Reason.SPLIT);
                assertThat(flagds.reason()).isEqualTo(Reason.TARGETING_MATCH);
                assertThat(flagds.variant()).isIn("on", "off");
                assertThat(flags.explain("flagds", context).bucket())
                        .as("explanations show the bucket of either")
                        .isNotNull();
            }
        }
    }

    @Test
    void theReasonIsWrittenAndReadBack() {
        Definitions definitions = DefinitionsReader.read("flags.yml", YAML);
        String yaml = DefinitionsWriter.toYaml(definitions);
        assertThat(yaml).contains("reason: targeting-match").doesNotContain("reason: split");
        assertThat(DefinitionsReader.read("again.yml", yaml)).isEqualTo(definitions);
    }

    @Test
    void aReasonOtherThanADistributionsIsRefusedNamingThePlace() {
        assertThatThrownBy(() -> DefinitionsReader.read("flags.yml", """
                        flags:
                          f:
                            default-variant: "off"
                            fallthrough: {variant: "on", reason: targeting-match}
                          g:
                            default-variant: "off"
                            fallthrough: {distribution: {"on": 1}, reason: match}
                        """))
                .isInstanceOf(DefinitionsException.class)
                .hasMessageContaining("flags.yml: flags.f.fallthrough.reason: only a distribution takes a reason")
                .hasMessageContaining(
                        "flags.yml: flags.g.fallthrough.reason: unknown reason 'match' (expected split or targeting-match)");
    }

    @Test
    void anExperimentsDistributionMustAnswerSplit() {
        assertThatThrownBy(() -> DefinitionsReader.read("flags.yml", """
                        flags:
                          f:
                            default-variant: "off"
                            fallthrough: {distribution: {"on": 1, "off": 1}, reason: targeting-match}
                            experiment:
                              control-variant: "off"
                              conversions: [bought]
                              start: 2026-01-01T00:00:00Z
                              end: 2026-02-01T00:00:00Z
                        """))
                .isInstanceOf(DefinitionsException.class)
                .hasMessageContaining("flags.yml: flags.f.experiment: the distribution of the fallthrough reports"
                        + " targeting-match, but an experiment counts the exposures its distribution reports as split"
                        + " (remove reason: targeting-match)");
    }
}
