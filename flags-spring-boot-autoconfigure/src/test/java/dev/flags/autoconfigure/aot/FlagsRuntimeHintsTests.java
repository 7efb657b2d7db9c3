package dev.flags.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagExplanation;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.actuate.FlagsEndpoint;
import dev.flags.autoconfigure.actuate.FlagsEndpointAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminExperimentsAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminWebAutoConfiguration;
import dev.flags.autoconfigure.admin.FlagsAdminWebFluxAutoConfiguration;
import dev.flags.autoconfigure.aop.FlagsAspectsAutoConfiguration;
import dev.flags.autoconfigure.console.FlagsConsoleAutoConfiguration;
import dev.flags.autoconfigure.console.FlagsConsoleWebFluxAutoConfiguration;
import dev.flags.autoconfigure.experiments.ExperimentResultsDescriptor;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.autoconfigure.store.FlagsStoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The runtime hints an application gets from Spring AOT processing with the starter: its context
 * goes through the same {@link ApplicationContextAotGenerator} as {@code process-aot}, and the
 * hints it produced are checked with {@link RuntimeHintsPredicates}.
 */
class FlagsRuntimeHintsTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsAspectsAutoConfiguration.class,
                    FlagsStoreAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class,
                    FlagsAdminWebAutoConfiguration.class,
                    FlagsAdminExperimentsAutoConfiguration.class,
                    FlagsConsoleAutoConfiguration.class,
                    FlagsEndpointAutoConfiguration.class))
            .withUserConfiguration(Mvc.class)
            .withBean(Checkout.class)
            .withBean(Pricing.class)
            .withBean(Plain.class)
            .withPropertyValues(
                    "flags.store.type=memory",
                    "management.endpoints.web.exposure.include=flags",
                    "flags.sources=classpath:test-flags.yml,flagd:classpath:/shop.flagd.json,file:./not-on-the-class-path.yml",
                    "flags.definitions.checkout.default-variant=on",
                    "flags.definitions.pricing.type=string",
                    "flags.definitions.pricing.variants.standard=standard",
                    "flags.definitions.pricing.variants.discount=discount",
                    "flags.definitions.pricing.default-variant=standard");

    @Test
    void definitionFilesOnTheClassPathAreResourcesOfTheImage() {
        RuntimeHints hints = hints();
        assertThat(RuntimeHintsPredicates.resource().forResource("test-flags.yml"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("shop.flagd.json"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("not-on-the-class-path.yml"))
                .rejects(hints);
    }

    @Test
    void theConsolePageAndAssetsAreResourcesOfTheImage() {
        RuntimeHints hints = hints();
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/flags-console/index.html"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/flags-console/assets/console.js"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/flags-console/assets/console.css"))
                .accepts(hints);
    }

    @Test
    void theConsolePageAndAssetsAreResourcesOfAReactiveApplicationsImageToo() {
        ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FlagsAutoConfiguration.class,
                        FlagsStoreAutoConfiguration.class,
                        FlagsAdminWebFluxAutoConfiguration.class,
                        FlagsConsoleWebFluxAutoConfiguration.class))
                .withUserConfiguration(WebFlux.class)
                .withPropertyValues("flags.store.type=memory", "flags.definitions.checkout.default-variant=on");
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("dev.flags.aot.test", "ReactiveApplication")),
                new InMemoryGeneratedFiles());
        reactive.prepare(context -> new ApplicationContextAotGenerator()
                .processAheadOfTime((GenericApplicationContext) context.getSourceApplicationContext(), generation));
        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/flags-console/index.html"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/flags-console/assets/console.js"))
                .accepts(hints);
    }

    @Test
    void theAdminApisAnswersCanBeWrittenAsJson() throws Exception {
        RuntimeHints hints = hints();
        Class<?> stored = Class.forName("dev.flags.autoconfigure.admin.FlagsAdminApi$StoredResponse");
        Class<?> finding = Class.forName("dev.flags.autoconfigure.admin.FlagsAdminApi$StaleFlagReportResponse$Finding");
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(stored, "key"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(stored, "definition"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(finding, "reason"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ExperimentResultsDescriptor.class, "flag"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FlagExplanation.class, "variant"))
                .accepts(hints);
    }

    @Test
    void theActuatorEndpointsAnswersIncludingThoseTypedObjectCanBeWrittenAsJson() {
        RuntimeHints hints = hints();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FlagsEndpoint.FlagDescriptor.class, "key"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onMethodInvocation(ExperimentResultsDescriptor.VariantDescriptor.class, "variant"))
                .accepts(hints);
    }

    @Test
    void fallbacksAndVariantMethodsOfAnnotatedBeansCanBeFoundAndCalled() {
        RuntimeHints hints = hints();
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(Checkout.class)
                        .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Checkout.class, "legacy"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Pricing.class, "discount"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Plain.class, "work"))
                .rejects(hints);
    }

    private RuntimeHints hints() {
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("dev.flags.aot.test", "Application")),
                new InMemoryGeneratedFiles());
        runner.prepare(context -> new ApplicationContextAotGenerator()
                .processAheadOfTime((GenericApplicationContext) context.getSourceApplicationContext(), generation));
        return generation.getRuntimeHints();
    }

    @EnableWebMvc
    static class Mvc {}

    @EnableWebFlux
    static class WebFlux {}

    static class Checkout {

        @FeatureToggle(value = "checkout", fallback = "legacy")
        public String pay() {
            return "new";
        }

        String legacy() {
            return "legacy";
        }
    }

    static class Plain {

        String work() {
            return "work";
        }
    }

    static class Pricing {

        @Variant("pricing")
        public int price(int amount) {
            return amount;
        }

        @Variant(value = "pricing", variant = "discount")
        public int discount(int amount) {
            return amount * 9 / 10;
        }
    }
}
