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
                                                + " analysis, control-variant, conversions, end, hypothesis, metrics, rule, start)",
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

    @Test
    void readsMetricsWithTheirDefaults() {
        Definitions definitions = DefinitionsReader.read("flags.yml", """
                flags:
                  pricing:
                    type: string
                    variants: {standard: a, discount: b}
                    default-variant: standard
                    fallthrough: {distribution: {standard: 1, discount: 1}}
                    experiment:
                      control-variant: standard
                      conversions: [purchase, refund]
                      start: 2026-12-01T00:00:00Z
                      end: 2027-01-01T00:00:00Z
                      metrics:
                        revenue: {type: mean, conversion: purchase, covariate: revenue-28d}
                        order-value: {type: ratio, conversion: purchase, denominator: purchase, guardrail: true}
                        refund: {type: count, conversion: refund, higher-is-better: false, guardrail: true}
                """);
        Experiment experiment = definitions.flag("pricing").experiment();
        assertThat(experiment.metrics())
                .containsExactly(
                        ExperimentMetric.mean("revenue", "purchase").withCovariate("revenue-28d"),
                        ExperimentMetric.ratio("order-value", "purchase", "purchase")
                                .asGuardrail(),
                        ExperimentMetric.count("refund", "refund")
                                .lowerIsBetter()
                                .asGuardrail());
        assertThat(experiment.allMetrics())
                .containsExactly(
                        ExperimentMetric.binomial("purchase"),
                        ExperimentMetric.count("refund", "refund")
                                .lowerIsBetter()
                                .asGuardrail(),
                        ExperimentMetric.mean("revenue", "purchase").withCovariate("revenue-28d"),
                        ExperimentMetric.ratio("order-value", "purchase", "purchase")
                                .asGuardrail());
        assertThat(Definitions.of(definitions.flag("pricing")).validate()).isEmpty();
        assertThat(DefinitionsReader.read("flags.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
        assertThat(DefinitionsWriter.json(((java.util.Map<?, ?>) DefinitionsWriter.toTree(definitions.flag("pricing"))
                                .get("experiment"))
                        .get("metrics")))
                .isEqualTo("{\"revenue\":{\"type\":\"mean\",\"conversion\":\"purchase\",\"covariate\":\"revenue-28d\"},"
                        + "\"order-value\":{\"type\":\"ratio\",\"conversion\":\"purchase\",\"denominator\":\"purchase\","
                        + "\"guardrail\":true},\"refund\":{\"type\":\"count\",\"conversion\":\"refund\","
                        + "\"higher-is-better\":false,\"guardrail\":true}}");
    }

    @Test
    void reportsMetricStructureErrorsWithPaths() {
        assertThatThrownBy(() -> DefinitionsReader.read("flags.yml", """
                        flags:
                          pricing:
                            type: string
                            default-variant: standard
                            variants: {standard: a, discount: b}
                            fallthrough: {distribution: {standard: 1, discount: 1}}
                            experiment:
                              control-variant: standard
                              conversions: purchase
                              start: 2026-12-01T00:00:00Z
                              end: 2027-01-01T00:00:00Z
                              metrics:
                                revenue: {type: average, conversion: purchase, guardrial: true}
                                orders: {conversion: purchase, higher-is-better: maybe}
                        """))
                .isInstanceOfSatisfying(
                        DefinitionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(Object::toString)
                                .containsExactly(
                                        "flags.yml: flags.pricing.experiment.metrics.revenue.guardrial: unknown field"
                                                + " 'guardrial' (did you mean 'guardrail'?)",
                                        "flags.yml: flags.pricing.experiment.metrics.revenue.type: unknown metric type"
                                                + " 'average' (expected one of binomial, count, mean, ratio,"
                                                + " count-ratio)",
                                        "flags.yml: flags.pricing.experiment.metrics.orders.type: missing type",
                                        "flags.yml: flags.pricing.experiment.metrics.orders.higher-is-better: expected"
                                                + " true or false but got string 'maybe'"));
    }

    @Test
    void reportsMetricMeaningErrorsWordForWord() {
        FlagDefinition flag = pricing()
                .experiment(Experiment.of("standard", START, END, "purchase")
                        .withMetrics(
                                ExperimentMetric.mean("revenue", "buy"),
                                new ExperimentMetric(
                                        "per-order", ExperimentMetric.Type.RATIO, "purchase", null, true, false, "x"),
                                ExperimentMetric.ratio("aov", "purchase", "order"),
                                new ExperimentMetric(
                                        "items", ExperimentMetric.Type.COUNT, "purchase", "purchase", true, false, " "),
                                ExperimentMetric.count("purchase", "signup")))
                .build();
        assertThat(Definitions.of(flag).validate())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.pricing.experiment.metrics.revenue.conversion: unknown conversion 'buy' (expected one"
                                + " of purchase)",
                        "flags.pricing.experiment.metrics.per-order.denominator: a ratio metric needs the conversion"
                                + " counted in its denominator",
                        "flags.pricing.experiment.metrics.per-order.covariate: a ratio metric takes no covariate"
                                + " (CUPED applies to per-user values)",
                        "flags.pricing.experiment.metrics.aov.denominator: unknown conversion 'order' (expected one"
                                + " of purchase)",
                        "flags.pricing.experiment.metrics.items.denominator: only a ratio metric has a denominator"
                                + " (type is count)",
                        "flags.pricing.experiment.metrics.items.covariate: covariate attribute must not be blank",
                        "flags.pricing.experiment.metrics.purchase.conversion: unknown conversion 'signup' (expected"
                                + " one of purchase)",
                        "flags.pricing.experiment.metrics.purchase.conversion: a metric named after conversion"
                                + " 'purchase' replaces its binomial metric and must read that conversion");
    }

    @Test
    void readsWritesAndValidatesTheAnalysisOfOneExperiment() {
        Definitions definitions = DefinitionsReader.read("flags.yml", """
                flags:
                  pricing:
                    type: string
                    variants: {standard: a, discount: b}
                    default-variant: standard
                    fallthrough: {distribution: {standard: 1, discount: 1}}
                    experiment:
                      control-variant: standard
                      conversions: purchase
                      start: 2026-12-01T00:00:00Z
                      end: 2027-01-01T00:00:00Z
                      analysis: {method: bayesian, correction: holm, alpha: 0.1}
                """);
        Experiment experiment = definitions.flag("pricing").experiment();
        assertThat(experiment.analysis()).isEqualTo(new Experiment.Analysis("bayesian", "holm", 0.1));
        assertThat(Definitions.of(definitions.flag("pricing")).validate()).isEmpty();
        assertThat(DefinitionsWriter.json(((java.util.Map<?, ?>) DefinitionsWriter.toTree(definitions.flag("pricing"))
                                .get("experiment"))
                        .get("analysis")))
                .isEqualTo("{\"method\":\"bayesian\",\"correction\":\"holm\",\"alpha\":0.1}");
        assertThat(DefinitionsReader.read("flags.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
        assertThat(pricing().build().experiment().analysis()).isEqualTo(Experiment.Analysis.EMPTY);
        assertThat(DefinitionsWriter.toTree(pricing().build()).get("experiment").toString())
                .doesNotContain("analysis");
    }

    @Test
    void reportsABadAnalysisNamingTheExperimentAndTheValue() {
        FlagDefinition flag = pricing()
                .experiment(Experiment.of("standard", START, END, "purchase")
                        .withAnalysis(new Experiment.Analysis("frequentist", "bonferroni", 1.5)))
                .build();
        assertThat(Definitions.of(flag).validate())
                .extracting(Object::toString)
                .containsExactly(
                        "flags.pricing.experiment.analysis.method: unknown analysis method 'frequentist' (expected"
                                + " one of sequential, fixed-horizon, bayesian)",
                        "flags.pricing.experiment.analysis.correction: unknown correction 'bonferroni' (expected one"
                                + " of benjamini-hochberg, holm, none)",
                        "flags.pricing.experiment.analysis.alpha: alpha must be above 0 and below 1 (got 1.5)");
        assertThatThrownBy(() -> DefinitionsReader.read("flags.yml", """
                        flags:
                          pricing:
                            type: string
                            default-variant: standard
                            variants: {standard: a, discount: b}
                            fallthrough: {distribution: {standard: 1, discount: 1}}
                            experiment:
                              control-variant: standard
                              conversions: purchase
                              start: 2026-12-01T00:00:00Z
                              end: 2027-01-01T00:00:00Z
                              analysis: {method: bayesian, alfa: 0.1}
                        """))
                .isInstanceOfSatisfying(
                        DefinitionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(Object::toString)
                                .containsExactly("flags.yml: flags.pricing.experiment.analysis.alfa: unknown field"
                                        + " 'alfa' (expected one of alpha, correction, method)"));
    }

    @Test
    void readsACountRatioAndChecksItsDenominator() {
        Definitions definitions = DefinitionsReader.read("flags.yml", """
                flags:
                  pricing:
                    type: string
                    variants: {standard: a, discount: b}
                    default-variant: standard
                    fallthrough: {distribution: {standard: 1, discount: 1}}
                    experiment:
                      control-variant: standard
                      conversions: [click, session]
                      start: 2026-12-01T00:00:00Z
                      end: 2027-01-01T00:00:00Z
                      metrics:
                        clicks-per-session: {type: count-ratio, conversion: click, denominator: session}
                """);
        assertThat(definitions.flag("pricing").experiment().metrics())
                .containsExactly(ExperimentMetric.countRatio("clicks-per-session", "click", "session"));
        assertThat(ExperimentMetric.Type.of("count-ratio")).isEqualTo(ExperimentMetric.Type.COUNT_RATIO);
        assertThat(ExperimentMetric.Type.COUNT_RATIO.isRatio()).isTrue();
        assertThat(ExperimentMetric.Type.MEAN.isRatio()).isFalse();
        assertThat(DefinitionsReader.read("flags.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
        FlagDefinition withoutDenominator = pricing()
                .experiment(Experiment.of("standard", START, END, "click")
                        .withMetrics(new ExperimentMetric(
                                "cps", ExperimentMetric.Type.COUNT_RATIO, "click", null, true, false, null)))
                .build();
        assertThat(Definitions.of(withoutDenominator).validate())
                .extracting(Object::toString)
                .containsExactly("flags.pricing.experiment.metrics.cps.denominator: a ratio metric needs the"
                        + " conversion counted in its denominator");
    }
}
