package dev.flags.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.PricingExperiment;
import dev.flags.autoconfigure.experiments.FlagsExperimentsAutoConfiguration;
import dev.flags.experiment.Experiments;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Requests and experiments: pre-evaluated flags are only offered and record no exposure. */
class FlagsWebMvcExperimentsTests {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    FlagsAutoConfiguration.class,
                    FlagsExperimentsAutoConfiguration.class,
                    FlagsWebMvcAutoConfiguration.class))
            .withPropertyValues(PricingExperiment.PROPERTIES)
            .withPropertyValues("flags.request-context.pre-evaluate[0]=pricing");

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

    private static MockHttpServletRequest preEvaluate(FilterRegistrationBean<?> registration) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.addHeader("X-User-Id", "bob");
        registration.getFilter().doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        return request;
    }
}
