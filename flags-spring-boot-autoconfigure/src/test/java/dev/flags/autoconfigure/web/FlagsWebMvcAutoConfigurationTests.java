package dev.flags.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.MemoScope;
import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.aop.FlagsAspectsAutoConfiguration;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

class FlagsWebMvcAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    WebMvcAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsAspectsAutoConfiguration.class,
                    FlagsWebMvcAutoConfiguration.class))
            .withUserConfiguration(Web.class)
            .withPropertyValues(
                    "flags.definitions.checkout.default-variant=off",
                    "flags.definitions.checkout.targets.on[0]=ann",
                    "flags.definitions.beta.default-variant=off",
                    "flags.definitions.beta.rules[0].when[0].attribute=groups",
                    "flags.definitions.beta.rules[0].when[0].operator=contains",
                    "flags.definitions.beta.rules[0].when[0].value=beta-testers",
                    "flags.definitions.beta.rules[0].serve=on",
                    "flags.definitions.pricing.type=string",
                    "flags.definitions.pricing.variants.standard=standard",
                    "flags.definitions.pricing.variants.discount=discount",
                    "flags.definitions.pricing.default-variant=standard",
                    "flags.definitions.pricing.targets.discount[0]=bob",
                    "flags.definitions.limit.type=integer",
                    "flags.definitions.limit.variants.low=3",
                    "flags.definitions.limit.default-variant=low",
                    "flags.request-context.headers[0]=X-Country",
                    "flags.request-context.query-parameters[0]=plan",
                    "flags.request-context.pre-evaluate[0]=checkout",
                    "flags.request-context.pre-evaluate[1]=pricing");

    @Test
    void registersFilterMemoScopeAndMvcConfigurer() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MemoScope.class).hasBean("flagContextFilter");
            assertThat(context.getBean(MemoScope.class)).isInstanceOf(RequestMemoScope.class);
            assertThat(context).hasBean("flagsWebMvcConfigurer").hasBean("flagsSecurityContextCustomizer");
        });
    }

    @Test
    void targetingKeyFromHeaderDecidesTargetsAndVariantParameters() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            mvc.perform(get("/checkout").header("X-User-Id", "ann"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("new checkout"));
            mvc.perform(get("/checkout").header("X-User-Id", "carl")).andExpect(status().isNotFound());
            mvc.perform(get("/price").header("X-User-Id", "bob"))
                    .andExpect(content().string("discount/3"));
            mvc.perform(get("/price").header("X-User-Id", "ann"))
                    .andExpect(content().string("standard/3"));
        });
    }

    @Test
    void aFlagKeepsItsAnswerForTheWholeRequestEvenIfDefinitionsChange() {
        runner.withBean("liveSource", InMemoryFlagSource.class, () -> FlagSources.inMemory("live", live(false)))
                .run(context -> {
                    MockMvc mvc = mvc(context);
                    mvc.perform(get("/flip")).andExpect(content().string("false/false"));
                    mvc.perform(get("/flip")).andExpect(content().string("true/true"));
                });
    }

    static Definitions live(boolean on) {
        return Definitions.of(
                FlagDefinition.builder("live").defaultVariant(on ? "on" : "off").build());
    }

    @Test
    void asyncHandlersAnswerNotFoundWhenTheFeatureIsOff() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            MvcResult on = mvc.perform(get("/async").header("X-User-Id", "ann"))
                    .andExpect(request().asyncStarted())
                    .andReturn();
            mvc.perform(asyncDispatch(on))
                    .andExpect(status().isOk())
                    .andExpect(content().string("async checkout"));
            MvcResult off = mvc.perform(get("/async").header("X-User-Id", "carl"))
                    .andExpect(request().asyncStarted())
                    .andReturn();
            mvc.perform(asyncDispatch(off)).andExpect(status().isNotFound());
        });
    }

    @Test
    void disabledStatusIsConfigurable() {
        runner.withPropertyValues("flags.aspects.disabled-status=403")
                .run(context -> mvc(context)
                        .perform(get("/checkout").header("X-User-Id", "carl"))
                        .andExpect(status().isForbidden()));
    }

    @Test
    void buildsTheContextOncePerRequestWithGroupsAttributesAndPreEvaluatedFlags() {
        runner.run(context -> {
            MvcResult result = mvc(context)
                    .perform(get("/context?plan=gold")
                            .header("X-User-Id", "dora")
                            .header("X-User-Groups", "beta-testers, staff")
                            .header("X-Country", "DE")
                            .header("User-Agent", "curl/8"))
                    .andExpect(content().string("beta on"))
                    .andReturn();
            EvaluationContext seen = (EvaluationContext) result.getRequest().getAttribute("seen");
            assertThat(seen.targetingKey()).isEqualTo("dora");
            assertThat(seen.groups()).containsExactly("beta-testers", "staff");
            assertThat(seen.attributes())
                    .containsEntry("x-country", "DE")
                    .containsEntry("plan", "gold")
                    .containsEntry("userAgent", "curl/8")
                    .containsEntry("user", "dora")
                    .containsKey("ip");
            assertThat(result.getRequest().getAttribute("flags"))
                    .isEqualTo(Map.of("checkout", false, "pricing", "standard"));
        });
    }

    @Test
    void springSecurityAuthenticationGivesTargetingKeyAndGroups() {
        runner.run(context -> {
            SecurityContextHolder.getContext()
                    .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            "sam", null, List.of(new SimpleGrantedAuthority("ROLE_beta-testers"))));
            try {
                MvcResult result = mvc(context)
                        .perform(get("/context").header("X-User-Id", "ignored"))
                        .andExpect(content().string("beta on"))
                        .andReturn();
                EvaluationContext seen = (EvaluationContext) result.getRequest().getAttribute("seen");
                assertThat(seen.targetingKey()).isEqualTo("sam");
                assertThat(seen.groups()).contains("beta-testers");
            } finally {
                SecurityContextHolder.clearContext();
            }
        });
    }

    @Test
    void anonymousUsersKeepAStableIdInACookie() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            MvcResult first = mvc.perform(get("/context"))
                    .andExpect(cookie().exists("flags-anonymous-id"))
                    .andReturn();
            String id = first.getResponse().getCookie("flags-anonymous-id").getValue();
            assertThat(((EvaluationContext) first.getRequest().getAttribute("seen")).targetingKey())
                    .isEqualTo(id);
            MvcResult second = mvc.perform(get("/context").cookie(new Cookie("flags-anonymous-id", id)))
                    .andExpect(cookie().doesNotExist("flags-anonymous-id"))
                    .andReturn();
            assertThat(((EvaluationContext) second.getRequest().getAttribute("seen")).targetingKey())
                    .isEqualTo(id);
        });
    }

    @Test
    void requestContextCanBeSwitchedOff() {
        runner.withPropertyValues("flags.request-context.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("flagContextFilter"));
    }

    @Test
    void securityCustomizerBacksOffWithoutSpringSecurity() {
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .run(context -> assertThat(context)
                        .hasBean("flagContextFilter")
                        .doesNotHaveBean("flagsSecurityContextCustomizer"));
    }

    @Test
    void backsOffWithoutSpringMvc() {
        runner.withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class))
                .run(context -> assertThat(context).doesNotHaveBean("flagContextFilter"));
    }

    @Test
    void backsOffOutsideWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsWebMvcAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(MemoScope.class));
    }

    private static MockMvc mvc(WebApplicationContext context) {
        FilterRegistrationBean<?> filter = context.getBean("flagContextFilter", FilterRegistrationBean.class);
        return MockMvcBuilders.webAppContextSetup(context)
                .addFilters(filter.getFilter())
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    static class Web {
        @Bean
        ShopController shopController(FlagManager flagManager, ObjectProvider<InMemoryFlagSource> live) {
            return new ShopController(flagManager, live);
        }
    }

    @RestController
    public static class ShopController {
        private final FlagManager flags;
        private final ObjectProvider<InMemoryFlagSource> live;

        ShopController(FlagManager flags, ObjectProvider<InMemoryFlagSource> live) {
            this.flags = flags;
            this.live = live;
        }

        @GetMapping("/checkout")
        @FeatureToggle("checkout")
        public String checkout() {
            return "new checkout";
        }

        @GetMapping("/async")
        @FeatureToggle("checkout")
        public CompletableFuture<String> async() {
            return CompletableFuture.completedFuture("async checkout");
        }

        @GetMapping("/price")
        public String price(@Variant("pricing") String variant, @Variant("limit") int limit) {
            return variant + "/" + limit;
        }

        @GetMapping("/flip")
        public String flip() {
            boolean before = flags.isEnabled("live");
            live.ifAvailable(source -> source.update(live(!before)));
            boolean after = flags.isEnabled("live");
            return before + "/" + after;
        }

        @GetMapping("/context")
        public String context(jakarta.servlet.http.HttpServletRequest request) {
            request.setAttribute("seen", flags.current().context());
            return flags.isEnabled("beta") ? "beta on" : "beta off";
        }
    }
}
