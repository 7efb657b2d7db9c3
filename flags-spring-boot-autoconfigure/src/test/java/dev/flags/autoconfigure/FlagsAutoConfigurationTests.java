package dev.flags.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.Reason;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagDefinition;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

class FlagsAutoConfigurationTests {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class));

    @Test
    void createsFlagManagerOverInlineDefinitions() {
        runner.withPropertyValues(
                        "flags.definitions.checkout.description=New checkout",
                        "flags.definitions.checkout.default-variant=off",
                        "flags.definitions.checkout.rules[0].when[0].attribute=country",
                        "flags.definitions.checkout.rules[0].when[0].operator=in",
                        "flags.definitions.checkout.rules[0].when[0].values[0]=DE",
                        "flags.definitions.checkout.rules[0].when[0].values[1]=FR",
                        "flags.definitions.checkout.rules[0].serve=on",
                        "flags.definitions.limit.type=integer",
                        "flags.definitions.limit.variants.small=5",
                        "flags.definitions.limit.variants.large=50",
                        "flags.definitions.limit.default-variant=small")
                .run(context -> {
                    assertThat(context).hasSingleBean(FlagManager.class);
                    InspectableFlagManager flags = context.getBean(InspectableFlagManager.class);
                    EvaluationContext german = EvaluationContext.builder()
                            .targetingKey("u1")
                            .attribute("country", "DE")
                            .build();
                    assertThat(flags.getBooleanDetails("checkout", false, german)
                                    .reason())
                            .isEqualTo(Reason.TARGETING_MATCH);
                    assertThat(flags.isEnabled("checkout", german)).isTrue();
                    assertThat(flags.isEnabled("checkout", EvaluationContext.of("u2")))
                            .isFalse();
                    assertThat(flags.getInteger("limit", 0, EvaluationContext.EMPTY))
                            .isEqualTo(5);
                    assertThat(flags.definitions().flag("checkout").description())
                            .isEqualTo("New checkout");
                });
    }

    @Test
    void readsYamlOneOneBooleansAsOnAndOffForBooleanFlags() {
        // What SnakeYAML (YAML 1.1) makes of unquoted `on: true`, `off: false`, `default-variant: on`.
        runner.withPropertyValues(
                        "flags.definitions.banner.variants.true=true",
                        "flags.definitions.banner.variants.false=false",
                        "flags.definitions.banner.default-variant=true",
                        "flags.definitions.banner.off-variant=false",
                        "flags.definitions.promo.default-variant=true",
                        "flags.definitions.promo.prerequisites[0].flag=banner",
                        "flags.definitions.promo.prerequisites[0].variant=true")
                .run(context -> {
                    InspectableFlagManager flags = context.getBean(InspectableFlagManager.class);
                    assertThat(flags.getVariant("banner", EvaluationContext.EMPTY))
                            .isEqualTo("on");
                    assertThat(flags.getVariant("promo", EvaluationContext.EMPTY))
                            .isEqualTo("on");
                    assertThat(flags.definitions().flag("banner").variants()).containsOnlyKeys("on", "off");
                });
    }

    @Test
    void loadsClasspathAndFileSources(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("more.yml");
        Files.writeString(file, "flags:\n  from-file:\n    default-variant: on\n");
        runner.withPropertyValues("flags.sources[0]=classpath:test-flags.yml", "flags.sources[1]=file:" + file)
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    assertThat(flags.isEnabled("from-classpath", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(flags.isEnabled("from-file", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(context.getBean(FlagsLoadState.class).sources())
                            .containsExactly("classpath:test-flags.yml", "file:" + file);
                });
    }

    @Test
    void hotReloadsFileSourcesAndKeepsTheLastGoodDefinitionsOnABadChange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flags.yml");
        Files.writeString(file, "flags:\n  live:\n    default-variant: off\n");
        runner.withPropertyValues("flags.sources[0]=file:" + file).run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            FlagsLoadState state = context.getBean(FlagsLoadState.class);
            assertThat(flags.isEnabled("live", EvaluationContext.EMPTY)).isFalse();
            Files.writeString(file, "flags:\n  live:\n    default-variant: on\n");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> flags.isEnabled("live", EvaluationContext.EMPTY));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.successes() >= 1);
            Files.writeString(file, "flags:\n  live:\n    default-variant: maybe\n");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.failures() == 1);
            assertThat(state.lastError()).contains("flags.live.default-variant");
            assertThat(flags.isEnabled("live", EvaluationContext.EMPTY)).isTrue();
        });
    }

    @Test
    void addsFlagSourceBeans() {
        runner.withPropertyValues("flags.definitions.inline.default-variant=on")
                .withBean(
                        "storeSource",
                        FlagSource.class,
                        () -> FlagSources.of(
                                "store",
                                Definitions.of(FlagDefinition.builder("stored")
                                        .defaultVariant("on")
                                        .build())))
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    assertThat(flags.isEnabled("stored", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(flags.isEnabled("inline", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(context.getBean(FlagsLoadState.class).sources())
                            .containsExactly(PropertyDefinitions.SOURCE, "store");
                });
    }

    @Test
    void readsNumericConditionsWeightsAndObjectVariantsFromProperties() {
        runner.withPropertyValues(
                        "flags.definitions.adult.default-variant=off",
                        "flags.definitions.adult.rules[0].when[0].attribute=age",
                        "flags.definitions.adult.rules[0].when[0].operator=greater-than-or-equal",
                        "flags.definitions.adult.rules[0].when[0].value=18",
                        "flags.definitions.adult.rules[0].serve=on",
                        "flags.definitions.split.default-variant=off",
                        "flags.definitions.split.fallthrough.distribution.on=100",
                        "flags.definitions.split.fallthrough.distribution.off=0",
                        "flags.definitions.config.type=object",
                        "flags.definitions.config.variants.json={\"steps\": [\"a\", \"b\"], \"fast\": true}",
                        "flags.definitions.config.variants.yaml.steps[0]=a",
                        "flags.definitions.config.variants.yaml.steps[1]=b",
                        "flags.definitions.config.default-variant=json")
                .run(context -> {
                    InspectableFlagManager flags = context.getBean(InspectableFlagManager.class);
                    EvaluationContext adult =
                            EvaluationContext.builder().attribute("age", 30).build();
                    assertThat(flags.isEnabled("adult", adult)).isTrue();
                    assertThat(flags.isEnabled("adult", adult.withAttribute("age", 12)))
                            .isFalse();
                    assertThat(flags.isEnabled("split", EvaluationContext.of("anyone")))
                            .isTrue();
                    assertThat(flags.getObject("config", Map.of(), EvaluationContext.EMPTY))
                            .isEqualTo(Map.of("steps", List.of("a", "b"), "fast", true));
                    assertThat(flags.definitions().flag("config").variants().get("yaml"))
                            .isEqualTo(Map.of("steps", List.of("a", "b")));
                });
    }

    @Test
    void appliesFlagManagerCustomizersSuchAsAFixedClock() {
        runner.withPropertyValues(
                        "flags.definitions.winter.status=scheduled",
                        "flags.definitions.winter.active-from=2026-12-01T00:00:00Z",
                        "flags.definitions.winter.default-variant=on")
                .withBean(
                        FlagManagerCustomizer.class,
                        () -> builder -> builder.clock(java.time.Clock.fixed(
                                java.time.Instant.parse("2026-12-24T18:00:00Z"), java.time.ZoneOffset.UTC)))
                .run(context -> assertThat(
                                context.getBean(FlagManager.class).isEnabled("winter", EvaluationContext.EMPTY))
                        .isTrue());
        runner.withPropertyValues(
                        "flags.definitions.winter.status=scheduled",
                        "flags.definitions.winter.active-from=2999-12-01T00:00:00Z",
                        "flags.definitions.winter.default-variant=on")
                .run(context -> assertThat(
                                context.getBean(FlagManager.class).isEnabled("winter", EvaluationContext.EMPTY))
                        .as("without the customizer: the system clock")
                        .isFalse());
    }

    @Test
    void environmentDefaultsToTheActiveProfile() {
        runner.withPropertyValues(
                        "spring.profiles.active=staging",
                        "flags.definitions.staged.default-variant=on",
                        "flags.definitions.staged.environments[0]=staging",
                        "flags.definitions.prod-only.default-variant=on",
                        "flags.definitions.prod-only.environments[0]=production")
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    assertThat(flags.isEnabled("staged", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(flags.getBooleanDetails("prod-only", false, EvaluationContext.EMPTY)
                                    .reason())
                            .isEqualTo(Reason.DISABLED);
                });
    }

    @Test
    void invalidDefinitionsFailStartupWithEveryErrorAndItsPath() {
        runner.withPropertyValues(
                        "flags.definitions.checkout.default-variant=maybe",
                        "flags.definitions.pricing.type=string",
                        "flags.definitions.pricing.variants.a=x",
                        "flags.definitions.pricing.default-variant=a",
                        "flags.definitions.pricing.rules[0].serve=b")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(DefinitionsException.class);
                    DefinitionsException cause = (DefinitionsException)
                            org.springframework.core.NestedExceptionUtils.getRootCause(context.getStartupFailure());
                    FailureAnalysis analysis = new FlagsFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("(" + cause.errors().size() + " errors)")
                            .contains("flags.checkout.default-variant")
                            .contains("flags.pricing.rules[0].serve");
                    assertThat(analysis.getAction()).contains("flags.definitions.<key>");
                });
    }

    @Test
    void aMissingSourceFileFailsStartupThroughTheFailureAnalyzer(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yml").toAbsolutePath();
        runner.withPropertyValues("flags.sources[0]=file:" + missing).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new FlagsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .isEqualTo(
                            "Flag definitions are not valid (1 error):\n\n    missing.yml: file not found: " + missing);
        });
    }

    @Test
    void unquotedOnAndOffInApplicationYamlServeTheOnAndOffVariants() {
        String yaml = """
                flags:
                  definitions:
                    checkout:
                      default-variant: off
                      rules:
                        - id: beta
                          when:
                            - attribute: groups
                              operator: contains
                              value: beta
                          serve: on
                      fallthrough: off
                """;
        runner.withInitializer(context -> {
                    try {
                        new YamlPropertySourceLoader()
                                .load("application.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                                .forEach(context.getEnvironment().getPropertySources()::addFirst);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    EvaluationContext beta = EvaluationContext.builder()
                            .targetingKey("u1")
                            .group("beta")
                            .build();
                    assertThat(flags.getBooleanDetails("checkout", false, beta))
                            .extracting(EvaluationDetails::value, EvaluationDetails::variant)
                            .containsExactly(true, "on");
                    assertThat(flags.getBooleanDetails("checkout", true, EvaluationContext.of("u2")))
                            .extracting(EvaluationDetails::value, EvaluationDetails::variant)
                            .containsExactly(false, "off");
                });
    }

    @Test
    void autoConfigurationConditionsAreWrittenForStartupFiltering() throws Exception {
        // spring-boot-autoconfigure-processor writes them, so Boot skips auto-configurations whose
        // classes are missing before loading them.
        Properties metadata = PropertiesLoaderUtils.loadProperties(
                new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties"));
        assertThat(metadata.getProperty(FlagsAutoConfiguration.class.getName() + ".ConditionalOnClass"))
                .isEqualTo("dev.flags.FlagManager");
    }

    @Test
    void failureAnalyzerIsRegistered() throws Exception {
        Properties factories = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"));
        assertThat(factories.getProperty(FailureAnalyzer.class.getName()))
                .startsWith(FlagsFailureAnalyzer.class.getName() + ",");
    }

    @Test
    void backsOffToTheApplicationsFlagManager() {
        runner.withUserConfiguration(OwnFlagManager.class).run(context -> {
            assertThat(context).hasSingleBean(FlagManager.class);
            assertThat(context.getBean(InspectableFlagManager.class)
                            .definitions()
                            .flag("own"))
                    .isNotNull();
        });
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("flags.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FlagManager.class));
    }

    @Test
    void backsOffWhenCoreIsMissing() {
        runner.withClassLoader(new FilteredClassLoader(FlagManager.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagManager.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFlagManager {
        @Bean
        FlagManager ownFlagManager() {
            return FlagManager.builder()
                    .definitions(Definitions.of(
                            FlagDefinition.builder("own").defaultVariant("on").build()))
                    .build();
        }
    }
}
