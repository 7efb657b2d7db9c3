package dev.flags.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.source.FlagSources;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** Annotated methods that cannot work fail startup with a readable report naming each method. */
class FlagAnnotationsFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class, FlagsAutoConfiguration.class, FlagsAspectsAutoConfiguration.class))
            .withUserConfiguration(Flags.class, Broken.class);

    @Test
    void reportsAFallbackWithOtherParametersAndAToggleOnANonBooleanFlag() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new FlagAnnotationsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            String service = Service.class.getName();
            // One line per problem, in the order reflection lists the methods.
            assertThat(analysis.getDescription())
                    .startsWith("Flag annotations cannot work as written (3 problems):\n\n    ");
            assertThat(analysis.getDescription().lines().skip(2).map(String::strip))
                    .containsExactlyInAnyOrder(
                            service + ".pay(String, int): @FeatureToggle fallback 'legacy' has other parameters ("
                                    + service + ".legacy(String)); it must be a method of the same class taking"
                                    + " (String, int)",
                            service + ".ship(String): @FeatureToggle fallback 'nowhere' not found; it must be a"
                                    + " method of the same class taking (String)",
                            service + ".price(): flag 'pricing' is of type string, not boolean");
            assertThat(analysis.getAction())
                    .isEqualTo("Correct the annotated methods listed above: a @FeatureToggle names a boolean flag,"
                            + " and its fallback is a method of the same class with the same parameters and a"
                            + " compatible return type; a @Variant names a flag and variants that the definitions"
                            + " have.");
        });
    }

    @Test
    void isRegisteredBesideTheDefinitionsAnalyzer() throws Exception {
        Properties factories = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"));
        assertThat(factories.getProperty(FailureAnalyzer.class.getName()))
                .contains(FlagAnnotationsFailureAnalyzer.class.getName());
    }

    @Configuration(proxyBeanMethods = false)
    static class Flags {
        @Bean
        FlagManager flagManager() {
            return FlagManager.builder()
                    .source(FlagSources.of(
                            "test",
                            dev.flags.definition.DefinitionsReader.read(
                                    "test.yml",
                                    "flags: {checkout: {default-variant: on},"
                                            + " pricing: {type: string, variants: {a: a}, default-variant: a}}")))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Broken {
        @Bean
        Service service() {
            return new Service();
        }
    }

    static class Service {
        @FeatureToggle(value = "checkout", fallback = "legacy")
        public String pay(String who, int cents) {
            return who + cents;
        }

        String legacy(String who) {
            return who;
        }

        @FeatureToggle(value = "checkout", fallback = "nowhere")
        public String ship(String who) {
            return who;
        }

        @FeatureToggle("pricing")
        public void price() {}
    }
}
