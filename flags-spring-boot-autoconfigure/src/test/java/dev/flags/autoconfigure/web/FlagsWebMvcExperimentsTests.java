package dev.flags.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.MemoScope;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.autoconfigure.aop.FlagsAspectsAutoConfiguration;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.experiment.Experiments;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Requests and experiments: what is only offered records no exposure, what is used does. */
class FlagsWebMvcExperimentsTests {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class,
                    FlagsWebMvcAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES)
            .withPropertyValues("flags.request-context.pre-evaluate[0]=pricing");

    private final ApplicationContextRunner experiments = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsExperimentsAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES);

    @Test
    void preEvaluationRecordsNoExposure() {
        web.run(context -> {
            MockHttpServletRequest request =
                    preEvaluate(context.getBean("flagContextFilter", FilterRegistrationBean.class));
            assertThat(request.getAttribute("flags")).isNotNull();

            assertThat(context.getBean(Experiments.class).results("pricing").trackedUsers())
                    .isZero();
        });
    }

    @Test
    void withoutFlagsExperimentsRequestsArePreEvaluatedAllTheSame() {
        web.withClassLoader(new FilteredClassLoader("dev.flags.experiment")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(FlagContextFilter.Peek.class);
            MockHttpServletRequest request =
                    preEvaluate(context.getBean("flagContextFilter", FilterRegistrationBean.class));
            assertThat(request.getAttribute("flags"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("pricing");
        });
    }

    @Test
    void variantDispatchRecordsExposures() {
        experiments
                .withConfiguration(
                        AutoConfigurations.of(AopAutoConfiguration.class, FlagsAspectsAutoConfiguration.class))
                .withBean(Pricing.class)
                .withBean(MemoScope.class, RequestMemoScope::new)
                .run(context -> {
                    Pricing pricing = context.getBean(Pricing.class);
                    FlagManager flags = context.getBean(FlagManager.class);
                    MockHttpServletRequest request = new MockHttpServletRequest();
                    request.setAttribute(RequestMemoScope.ATTRIBUTE, flags.memo(EvaluationContext.of("carl")));
                    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
                    try {
                        pricing.price(100);
                        pricing.price(100);
                    } finally {
                        RequestContextHolder.resetRequestAttributes();
                    }
                    assertThat(context.getBean(Experiments.class)
                                    .results("pricing")
                                    .trackedUsers())
                            .isEqualTo(1);
                });
    }

    private static MockHttpServletRequest preEvaluate(FilterRegistrationBean<?> registration) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.addHeader("X-User-Id", "bob");
        registration.getFilter().doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        return request;
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
}
