package dev.flags.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentDefinitionTests {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2027-01-01T00:00:00Z");

    /** A valid experiment flag: variants standard and discount, assigned 50/50 by the fallthrough. */
    static FlagDefinition.Builder pricing() {
        return FlagDefinition.builder("pricing")
                .type(FlagType.STRING)
                .variant("standard", "standard")
                .variant("discount", "discount")
                .defaultVariant("standard")
                .fallthrough(Serve.split("standard", 50).and("discount", 50))
                .experiment(Experiment.of("standard", START, END, "purchase"));
    }

    @Test
    void readsTheExperimentOfTheFullExample() {
        Definitions definitions;
        try (InputStream in = getClass().getResourceAsStream("/definitions/full.yml")) {
            definitions = DefinitionsReader.read("full.yml", in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(definitions.flag("pricing").experiment())
                .isEqualTo(new Experiment(
                        "A visible discount raises purchases by 5%",
                        "standard", List.of("purchase", "signup"), START, END, null));
        assertThat(definitions.flag("discount").experiment()).isNull();
    }

    @Test
    void readsAnExperimentAssignedByARule() {
        Definitions definitions = DefinitionsReader.read("flags.yml", """
                flags:
                  pricing:
                    type: string
                    variants: {standard: a, discount: b}
                    default-variant: standard
                    rules:
                      - id: eu
                        when: [{attribute: country, operator: in, values: [DE, FR]}]
                        serve: {distribution: {standard: 1, discount: 1}}
                    experiment:
                      control-variant: standard
                      conversions: purchase
                      start: 2026-12-01T00:00:00Z
                      end: 2027-01-01T00:00:00Z
                      rule: eu
                """);
        assertThat(definitions.flag("pricing").experiment())
                .isEqualTo(Experiment.of("standard", START, END, "purchase").withRule("eu"));
    }

    @Test
    void reportsStructuralErrorsWithPaths() {
        assertThatThrownBy(() -> DefinitionsReader.read("flags.yml", """
                        flags:
                          pricing:
                            default-variant: on
                            fallthrough: {distribution: {on: 1, off: 1}}
                            experiment:
                              hypothesis: more clicks
                              controll: on
                              conversions: {purchase: 1}
                              start: tomorrow
                        """))
                .isInstanceOfSatisfying(
                        DefinitionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(Object::toString)
                                .containsExactly(
                                        "flags.yml: flags.pricing.experiment.controll: unknown field 'controll' (expected one of"
                                                + " control-variant, conversions, end, hypothesis, rule, start)",
                                        "flags.yml: flags.pricing.experiment.control-variant: missing control-variant",
                                        "flags.yml: flags.pricing.experiment.conversions: expected a list but got object",
                                        "flags.yml: flags.pricing.experiment.start: invalid date-time string 'tomorrow'"
                                                + " (expected ISO-8601, for example 2026-03-01T09:00:00Z)",
                                        "flags.yml: flags.pricing.experiment.end: missing end"));
    }

    @Test
    void validExperimentHasNoErrors() {
        assertThat(Definitions.of(pricing().build()).validate()).isEmpty();
    }

    @Test
    void reportsMeaningErrorsWordForWord() {
        FlagDefinition flag = pricing()
                .bucketBy("company")
                .experiment(new Experiment("", "premium", List.of("purchase", " ", "purchase"), END, START, null))
                .build();
        assertThat(Definitions.of(flag).validate())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.pricing.experiment.control-variant: unknown variant 'premium' (expected one of"
                                + " standard, discount)",
                        "flags.pricing.experiment.end: must be after start (2027-01-01T00:00:00Z)",
                        "flags.pricing.experiment.conversions[1]: conversion must not be blank",
                        "flags.pricing.experiment.conversions[2]: conversion 'purchase' appears twice",
                        "flags.pricing.experiment: an experiment assigns variants by targeting key, so its flag"
                                + " cannot set bucket-by");
    }

    @Test
    void requiresAConversion() {
        FlagDefinition flag =
                pricing().experiment(Experiment.of("standard", START, END)).build();
        assertThat(Definitions.of(flag).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment.conversions: at least one conversion is required");
    }

    @Test
    void requiresADistributionThatGivesTheControlAWeight() {
        FlagDefinition fixed = pricing().fallthrough(Serve.variant("discount")).build();
        assertThat(Definitions.of(fixed).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment: the fallthrough must serve a distribution for the"
                        + " experiment to assign variants");

        FlagDefinition noControlWeight = pricing()
                .fallthrough(Serve.split("standard", 0).and("discount", 100))
                .build();
        assertThat(Definitions.of(noControlWeight).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment.control-variant: variant 'standard' has no weight in the"
                        + " distribution of the fallthrough");
    }

    @Test
    void reportsUnknownOrUnsuitableRules() {
        FlagDefinition noRules = pricing()
                .experiment(Experiment.of("standard", START, END, "purchase").withRule("eu"))
                .build();
        assertThat(Definitions.of(noRules).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment.rule: unknown rule 'eu' (the flag has no rules)");

        FlagDefinition fixedRule = pricing()
                .rule(Rule.of("staff", Serve.variant("discount"), Condition.of("staff", Operator.EQUALS, true)))
                .rule(Rule.of("beta", Serve.variant("discount")))
                .experiment(Experiment.of("standard", START, END, "purchase").withRule("beta"))
                .build();
        assertThat(Definitions.of(fixedRule).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment.rule: rule 'beta' must serve a distribution for the"
                        + " experiment to assign variants");

        FlagDefinition otherRule = fixedRule.toBuilder()
                .experiment(Experiment.of("standard", START, END, "purchase").withRule("gamma"))
                .build();
        assertThat(Definitions.of(otherRule).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment.rule: unknown rule 'gamma' (expected one of staff, beta)");
    }

    @Test
    void toBuilderKeepsTheExperiment() {
        FlagDefinition flag = pricing().build();
        assertThat(flag.toBuilder().build()).isEqualTo(flag);
        assertThat(flag.withStatus(FlagStatus.PAUSED).experiment()).isEqualTo(flag.experiment());
        assertThat(flag.experiment().runsAt(START)).isTrue();
        assertThat(flag.experiment().runsAt(END)).isFalse();
        assertThat(flag.experiment().runsAt(START.minusMillis(1))).isFalse();
    }

    @Test
    void writerRoundTripsTheExperiment() {
        Definitions definitions = Definitions.of(pricing().build().toBuilder()
                .experiment(Experiment.of("standard", START, END, "purchase", "signup")
                        .withHypothesis("discounts sell"))
                .build());
        assertThat(DefinitionsWriter.json(
                        DefinitionsWriter.toTree(definitions.flag("pricing")).get("experiment")))
                .isEqualTo("{\"hypothesis\":\"discounts sell\",\"control-variant\":\"standard\","
                        + "\"conversions\":[\"purchase\",\"signup\"],\"start\":\"2026-12-01T00:00:00Z\","
                        + "\"end\":\"2027-01-01T00:00:00Z\"}");
        assertThat(DefinitionsReader.read("flags.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
    }
}
