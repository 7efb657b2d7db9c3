package dev.flags.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.MemoScope;
import dev.flags.annotation.FeatureDisabledException;
import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.experiment.Experiments;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

class FlagsAspectsAutoConfigurationTests {

    private static final InMemoryFlagSource SOURCE = FlagSources.inMemory("test", definitions(true, "standard"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class, FlagsAutoConfiguration.class, FlagsAspectsAutoConfiguration.class))
            .withUserConfiguration(Flags.class, Services.class);

    static Definitions definitions(boolean checkoutOn, String pricing) {
        return new Definitions(
                java.util.List.of(
                        FlagDefinition.builder("checkout")
                                .defaultVariant(checkoutOn ? "on" : "off")
                                .build(),
                        FlagDefinition.builder("beta").defaultVariant("off").build(),
                        FlagDefinition.builder("pricing")
                                .type(FlagType.STRING)
                                .variant("standard", "standard")
                                .variant("discount", "discount")
                                .defaultVariant(pricing)
                                .build()),
                java.util.List.of());
    }

    @Test
    void runsTheMethodWhileTheFlagIsOnAndTheFallbackWhileItIsOff() {
        runner.run(context -> {
            Checkout checkout = context.getBean(Checkout.class);
            assertThat(AopUtils.isAopProxy(checkout)).isTrue();
            SOURCE.update(definitions(true, "standard"));
            assertThat(checkout.pay("ann")).isEqualTo("new checkout for ann");
            SOURCE.update(definitions(false, "standard"));
            assertThat(checkout.pay("ann")).isEqualTo("legacy checkout for ann");
        });
    }

    @Test
    void throwsFeatureDisabledWithoutFallbackAndFailsTheFutureOfAsyncMethods() {
        runner.run(context -> {
            BetaService beta = context.getBean(BetaService.class);
            assertThatExceptionOfType(FeatureDisabledException.class)
                    .isThrownBy(beta::hello)
                    .withMessageContaining("Feature 'beta' is off")
                    .satisfies(e -> assertThat(e.flagKey()).isEqualTo("beta"));
            CompletableFuture<String> later = beta.later();
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(later::get)
                    .withCauseInstanceOf(FeatureDisabledException.class);
            assertThat(beta.toString()).startsWith("BetaService"); // Object methods are not toggled
        });
    }

    @Test
    void dispatchesToTheMethodOfTheServedVariant() {
        runner.run(context -> {
            Pricing pricing = context.getBean(Pricing.class);
            SOURCE.update(definitions(true, "standard"));
            assertThat(pricing.price(100)).isEqualTo(100);
            SOURCE.update(definitions(true, "discount"));
            assertThat(pricing.price(100)).isEqualTo(90);
        });
    }

    @Test
    void advisorsRunAtTheConfiguredOrderBeforeTransactions() {
        runner.run(context -> assertThat(context.getBeansOfType(Advisor.class).values())
                .allSatisfy(
                        advisor -> assertThat(((Ordered) advisor).getOrder()).isZero()));
        runner.withPropertyValues("flags.aspects.order=42")
                .run(context -> assertThat(context.getBeansOfType(Advisor.class).values())
                        .allSatisfy(advisor ->
                                assertThat(((Ordered) advisor).getOrder()).isEqualTo(42)));
    }

    @Test
    void aDisabledFeatureNeverReachesAdviceOfLowerPrecedenceSuchAsTransactions() {
        AtomicInteger transactions = new AtomicInteger();
        runner.withBean("transactionLikeAdvisor", Advisor.class, () -> {
                    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                            new AnnotationMatchingPointcut(null, FeatureToggle.class, true),
                            (MethodInterceptor) invocation -> {
                                transactions.incrementAndGet();
                                return invocation.proceed();
                            });
                    advisor.setOrder(Ordered.LOWEST_PRECEDENCE); // @Transactional's default
                    return advisor;
                })
                .run(context -> {
                    Checkout checkout = context.getBean(Checkout.class);
                    SOURCE.update(definitions(false, "standard"));
                    assertThat(checkout.pay("ann")).isEqualTo("legacy checkout for ann");
                    assertThat(transactions).hasValue(0);
                    SOURCE.update(definitions(true, "standard"));
                    assertThat(checkout.pay("ann")).isEqualTo("new checkout for ann");
                    assertThat(transactions).hasValue(1);
                });
    }

    @Test
    void failsStartupNamingTheMethodOfAnUnknownFlag() {
        runner.withUserConfiguration(UnknownFlag.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasMessageContaining("FlagsAspectsAutoConfigurationTests$Unknown.run()")
                    .hasMessageContaining("flag 'nope' is not defined");
        });
    }

    @Test
    void warnsInsteadOfFailingWhenThePolicyIsWarn() {
        runner.withUserConfiguration(UnknownFlag.class)
                .withPropertyValues("flags.unknown-flags=warn")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThatExceptionOfType(FeatureDisabledException.class)
                            .isThrownBy(() -> context.getBean(Unknown.class).run());
                });
    }

    @Test
    void failsStartupOnAMissingOrIncompatibleFallbackAndUnknownVariant() {
        runner.withUserConfiguration(Broken.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasMessageContaining("BrokenService.missing(String): @FeatureToggle fallback 'nothing' not found")
                    .hasMessageContaining("BrokenService.wrongType(String): @FeatureToggle fallback")
                    .hasMessageContaining("BrokenService.premium(int): flag 'pricing' has no variant 'premium'")
                    .hasMessageContaining("flag 'pricing' is of type string, not boolean");
        });
    }

    @Test
    void backsOffWhenSwitchedOff() {
        runner.withPropertyValues("flags.aspects.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(FlagMethods.class);
            assertThat(AopUtils.isAopProxy(context.getBean(Checkout.class))).isFalse();
        });
    }

    @Test
    void worksWithoutTheAspectJWeaver() {
        runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run(context -> {
            Checkout checkout = context.getBean(Checkout.class);
            assertThat(AopUtils.isAopProxy(checkout)).isTrue();
            SOURCE.update(definitions(false, "standard"));
            assertThat(checkout.pay("ann")).isEqualTo("legacy checkout for ann");
        });
    }

    @Test
    void backsOffWithoutSpringAop() {
        runner.withClassLoader(new FilteredClassLoader(Advisor.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagMethods.class));
    }

    @Test
    void variantDispatchRecordsExposures() {
        AtomicReference<FlagMemo> memo = new AtomicReference<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        FlagsAutoConfiguration.class,
                        FlagsExperimentsAutoConfiguration.class,
                        FlagsAspectsAutoConfiguration.class))
                .withPropertyValues(PricingExperiment.PROPERTIES)
                .withBean(Pricing.class)
                .withBean(MemoScope.class, () -> memo::get)
                .run(context -> {
                    Pricing pricing = context.getBean(Pricing.class);
                    FlagManager flags = context.getBean(FlagManager.class);
                    memo.set(flags.memo(EvaluationContext.of("carl"))); // as a request would
                    pricing.price(100);
                    pricing.price(100);
                    assertThat(context.getBean(Experiments.class)
                                    .results("pricing")
                                    .trackedUsers())
                            .isEqualTo(1);
                });
    }

    @Test
    void backsOffWithoutFlagManager() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsAspectsAutoConfiguration.class))
                .withPropertyValues("flags.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FlagMethods.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Flags {
        @Bean
        FlagManager flagManager() {
            return FlagManager.builder().source(SOURCE).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        Checkout checkout() {
            return new Checkout();
        }

        @Bean
        BetaService betaService() {
            return new BetaService();
        }

        @Bean
        Pricing pricing() {
            return new Pricing();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownFlag {
        @Bean
        Unknown unknown() {
            return new Unknown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Broken {
        @Bean
        BrokenService brokenService() {
            return new BrokenService();
        }
    }

    public static class Checkout {
        @FeatureToggle(value = "checkout", fallback = "legacy")
        public String pay(String who) {
            return "new checkout for " + who;
        }

        String legacy(String who) {
            return "legacy checkout for " + who;
        }
    }

    @FeatureToggle("beta")
    @Order(1)
    public static class BetaService {
        public String hello() {
            return "hello";
        }

        public CompletableFuture<String> later() {
            return CompletableFuture.completedFuture("later");
        }

        @Override
        public String toString() {
            return "BetaService";
        }
    }

    public static class Pricing {
        @Variant("pricing")
        public int price(int base) {
            return base;
        }

        @Variant(value = "pricing", variant = "discount")
        public int discounted(int base) {
            return base - 10;
        }
    }

    static class Unknown {
        @FeatureToggle("nope")
        public String run() {
            return "ran";
        }
    }

    static class BrokenService {
        @FeatureToggle(value = "checkout", fallback = "nothing")
        public String missing(String who) {
            return who;
        }

        @FeatureToggle(value = "checkout", fallback = "number")
        public String wrongType(String who) {
            return who;
        }

        Integer number(String who) {
            return 1;
        }

        @FeatureToggle("pricing")
        public void notBoolean() {}

        @Variant("pricing")
        public int control(int base) {
            return base;
        }

        @Variant(value = "pricing", variant = "premium")
        public int premium(int base) {
            return base;
        }
    }
}
