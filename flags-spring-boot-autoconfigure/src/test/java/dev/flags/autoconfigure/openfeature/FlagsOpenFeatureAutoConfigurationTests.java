package dev.flags.autoconfigure.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.Reason;
import dev.flags.annotation.FeatureToggle;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.actuate.FlagsHealthAutoConfiguration;
import dev.flags.autoconfigure.aop.FlagsAspectsAutoConfiguration;
import dev.flags.openfeature.FlagsProvider;
import dev.flags.openfeature.OpenFeatureFlagManager;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.exceptions.GeneralError;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FlagsOpenFeatureAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    FlagsOpenFeatureAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsAspectsAutoConfiguration.class))
            .withPropertyValues(
                    "flags.definitions.checkout.default-variant=off", "flags.definitions.checkout.targets.on[0]=ann");

    @Test
    void registersTheEngineAsTheOpenFeatureProviderAndProvidesAClient() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Client.class).hasSingleBean(FlagsProviderRegistration.class);
            assertThat(context.getBean(FlagManager.class)).isNotInstanceOf(OpenFeatureFlagManager.class);
            assertThat(context.getBean(OpenFeatureAPI.class)
                            .getProviderMetadata()
                            .getName())
                    .isEqualTo(FlagsProvider.NAME);
            Client client = context.getBean(Client.class);
            assertThat(client.getBooleanValue("checkout", false, new MutableContext("ann")))
                    .isTrue();
            assertThat(client.getBooleanValue("checkout", true, new MutableContext("bob")))
                    .isFalse();
        });
    }

    @Test
    void runsTheFlagManagerOverTheApplicationsProvider() {
        runner.withBean(
                        FeatureProvider.class,
                        () -> new InMemoryProvider(Map.of(
                                "vendor-flag",
                                Flag.<Boolean>builder()
                                        .variant("on", true)
                                        .variant("off", false)
                                        .defaultVariant("on")
                                        .build())))
                .withBean(Annotated.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(FlagsProviderRegistration.class);
                    FlagManager flags = context.getBean(FlagManager.class);
                    assertThat(flags).isInstanceOf(OpenFeatureFlagManager.class);
                    assertThat(flags.getBooleanDetails("vendor-flag", false, EvaluationContext.of("u"))
                                    .reason())
                            .isEqualTo(Reason.STATIC);
                    assertThat(flags.isEnabled("vendor-flag", EvaluationContext.of("u")))
                            .isTrue();
                    // Annotations are not checked against a provider that cannot list flags.
                    assertThat(context.getBean(Annotated.class).run()).isEqualTo("ran");
                    assertThat(context.getBean(Client.class).getBooleanValue("vendor-flag", false))
                            .isTrue();
                });
    }

    @Test
    void aProviderThatFailsToInitializeLeavesTheHealthDown() {
        runner.withConfiguration(AutoConfigurations.of(FlagsHealthAutoConfiguration.class))
                .withBean(FeatureProvider.class, BrokenProvider::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FlagManager.class).getBooleanDetails("x", true, EvaluationContext.EMPTY))
                            .satisfies(details -> {
                                assertThat(details.value()).isTrue();
                                assertThat(details.isError()).isTrue();
                            });
                    assertThat(context.getBean("flagsHealthIndicator", HealthIndicator.class)
                                    .health(true)
                                    .getStatus())
                            .isEqualTo(Status.DOWN);
                });
    }

    static class BrokenProvider extends InMemoryProvider {
        BrokenProvider() {
            super(Map.of());
        }

        @Override
        public void initialize(dev.openfeature.sdk.EvaluationContext evaluationContext) {
            throw new GeneralError("cannot reach the flag service");
        }
    }

    @Test
    void backsOffWhenSwitchedOff() {
        runner.withPropertyValues("flags.openfeature.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(FlagManager.class)
                        .doesNotHaveBean(Client.class)
                        .doesNotHaveBean(FlagsProviderRegistration.class));
    }

    @Test
    void backsOffWithoutTheOpenFeatureSdk() {
        runner.withClassLoader(new FilteredClassLoader(OpenFeatureAPI.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(FlagManager.class)
                        .doesNotHaveBean(FlagsProviderRegistration.class));
    }

    @Test
    void backsOffToTheApplicationsClient() {
        runner.withBean(
                        "myClient",
                        Client.class,
                        () -> OpenFeatureAPI.getInstance().getClient("mine"))
                .run(context -> assertThat(context).getBeans(Client.class).containsOnlyKeys("myClient"));
    }

    public static class Annotated {
        @FeatureToggle("vendor-flag")
        public String run() {
            return "ran";
        }
    }
}
