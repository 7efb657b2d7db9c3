package dev.flags.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.MemoScope;
import dev.flags.annotation.FeatureDisabledException;
import dev.flags.annotation.FeatureToggle;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.FlagsAutoConfiguration;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.aop.FlagsAspectsAutoConfiguration;
import dev.flags.autoconfigure.reactor.ReactorFlags;
import io.micrometer.context.ContextRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderThreadLocalAccessor;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class FlagsWebFluxAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    CodecsAutoConfiguration.class,
                    WebFluxAutoConfiguration.class,
                    HttpHandlerAutoConfiguration.class,
                    ErrorWebFluxAutoConfiguration.class,
                    FlagsAutoConfiguration.class,
                    FlagsAspectsAutoConfiguration.class,
                    FlagsWebFluxAutoConfiguration.class))
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
                    "flags.request-context.pre-evaluate[0]=checkout");

    @BeforeAll
    static void propagateContext() {
        // What spring.reactor.context-propagation=auto does in an application; undone after the class.
        Hooks.enableAutomaticContextPropagation();
    }

    @AfterAll
    static void stopPropagatingContext() {
        Hooks.disableAutomaticContextPropagation();
    }

    @Test
    void registersFilterResolverExceptionHandlerAndPropagatedMemoScope() {
        runner.run(context -> {
            assertThat(context)
                    .hasSingleBean(FlagContextWebFilter.class)
                    .hasBean("flagsWebFluxConfigurer")
                    .hasSingleBean(FeatureDisabledWebExceptionHandler.class)
                    .hasBean("flagsReactiveSecurityCustomizer");
            assertThat(context.getBean(MemoScope.class)).isInstanceOf(PropagatedMemoScope.class);
        });
    }

    @Test
    void backsOffInServletApplicationsAndWithoutWebFlux() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsWebFluxAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagContextWebFilter.class));
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FlagsAutoConfiguration.class, FlagsWebFluxAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(FlagContextWebFilter.class))
                .withClassLoader(new FilteredClassLoader(WebFluxConfigurer.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FlagContextWebFilter.class));
    }

    @Test
    void theFilterIsSwitchedOffByPropertyAndTheMemoScopeNeedsContextPropagation() {
        runner.withPropertyValues("flags.request-context.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(FlagContextWebFilter.class)
                        .hasSingleBean(FeatureDisabledWebExceptionHandler.class));
        runner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
                .run(context ->
                        assertThat(context).doesNotHaveBean(MemoScope.class).hasSingleBean(FlagContextWebFilter.class));
    }

    @Test
    void backsOffToTheApplicationsOwnFilterAndMemoScope() {
        runner.withBean(
                        "flagContextWebFilter",
                        FlagContextWebFilter.class,
                        () -> new FlagContextWebFilter(
                                FlagManager.builder().build(),
                                new FlagsProperties().getRequestContext(),
                                List.of(),
                                null))
                .withBean(MemoScope.class, () -> MemoScope.NONE)
                .run(context -> {
                    assertThat(context).hasSingleBean(FlagContextWebFilter.class);
                    assertThat(context.getBean(MemoScope.class)).isSameAs(MemoScope.NONE);
                });
    }

    @Test
    void monoHandlersBehindAFlagAreNotCalledWhenItIsOffAndAnswerNotFound() {
        runner.run(context -> {
            WebTestClient client = client(context);
            Checkout checkout = context.getBean(Checkout.class);
            client.get()
                    .uri("/checkout")
                    .header("X-User-Id", "ann")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .isEqualTo("new checkout");
            assertThat(checkout.calls()).isEqualTo(1);
            client.get()
                    .uri("/checkout")
                    .header("X-User-Id", "carl")
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(404)
                    .jsonPath("$.path")
                    .isEqualTo("/checkout");
            assertThat(checkout.calls()).isEqualTo(1);
        });
    }

    @Test
    void fluxMethodsServeTheirFallbackWhenTheFlagIsOff() {
        runner.run(context -> {
            WebTestClient client = client(context);
            client.get()
                    .uri("/items")
                    .header("X-User-Id", "ann")
                    .exchange()
                    .expectBody(String.class)
                    .isEqualTo("new-a|new-b");
            client.get()
                    .uri("/items")
                    .header("X-User-Id", "carl")
                    .exchange()
                    .expectBody(String.class)
                    .isEqualTo("old");
            assertThat(context.getBean(Checkout.class).newItemsCalls()).isEqualTo(1);
        });
    }

    @Test
    void variantParametersAndReactiveVariantMethodsFollowTheExchangesContext() {
        runner.run(context -> {
            WebTestClient client = client(context);
            client.get()
                    .uri("/price")
                    .header("X-User-Id", "bob")
                    .exchange()
                    .expectBody(String.class)
                    .isEqualTo("discount/3/discount quote");
            client.get()
                    .uri("/price")
                    .header("X-User-Id", "ann")
                    .exchange()
                    .expectBody(String.class)
                    .isEqualTo("standard/3/standard quote");
        });
    }

    @Test
    void theMemoTravelsInTheReactorContextAndReachesContextFreeCalls() {
        runner.run(context -> {
            WebTestClient client = client(context);
            client.get()
                    .uri("/context?plan=gold")
                    .header("X-User-Id", "bob")
                    .header("X-Country", "NL")
                    .exchange()
                    .expectBody(String.class)
                    .isEqualTo("bob/NL/gold/discount/true");
            client.get()
                    .uri("/context")
                    .header("X-User-Groups", "beta-testers")
                    .exchange()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).endsWith("/standard/true"));
        });
    }

    @Test
    void preEvaluatedFlagsAreOfferedInAnExchangeAttribute() {
        runner.run(context -> client(context)
                .get()
                .uri("/pre")
                .header("X-User-Id", "ann")
                .exchange()
                .expectBody(String.class)
                .isEqualTo("{checkout=true}"));
    }

    @Test
    void anAnonymousVisitorGetsAStableIdInACookie() {
        runner.run(context -> {
            WebTestClient client = client(context);
            ResponseCookie cookie = client.get()
                    .uri("/context")
                    .exchange()
                    .expectCookie()
                    .httpOnly("flags-anonymous-id", true)
                    .expectCookie()
                    .path("flags-anonymous-id", "/")
                    .returnResult(String.class)
                    .getResponseCookies()
                    .getFirst("flags-anonymous-id");
            assertThat(cookie).isNotNull();
            client.get()
                    .uri("/context")
                    .cookie("flags-anonymous-id", cookie.getValue())
                    .exchange()
                    .expectCookie()
                    .doesNotExist("flags-anonymous-id")
                    .expectBody(String.class)
                    .value(body -> assertThat(body).startsWith(cookie.getValue() + "/"));
        });
    }

    @Test
    void theSecurityPrincipalGivesTargetingKeyAndGroups() {
        runner.run(context -> {
            FlagContextWebFilter filter = context.getBean(FlagContextWebFilter.class);
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/")
                    .header("X-User-Id", "ignored")
                    .header("X-User-Groups", "x"));
            UsernamePasswordAuthenticationToken principal = UsernamePasswordAuthenticationToken.authenticated(
                    "dora", "n/a", List.of(new SimpleGrantedAuthority("ROLE_beta-testers")));
            EvaluationContext evaluation = filter.context(exchange, principal);
            assertThat(evaluation.targetingKey()).isEqualTo("dora");
            assertThat(evaluation.groups()).containsExactly("beta-testers");
            assertThat(context.getBean(FlagManager.class).isEnabled("beta", evaluation))
                    .isTrue();
        });
    }

    @Test
    void withTheSensitiveFlagGuardTheExchangesAuthenticationTravelsWhereSpringSecuritysAccessorFindsIt() {
        runner.run(context -> assertThat(context).doesNotHaveBean(FlagContextWebFilter.Caller.class));
        ReactiveWebApplicationContextRunner guarded = runner.withPropertyValues("flags.admin.sensitive-tag=sensitive");
        guarded.run(context -> {
            FlagContextWebFilter.Caller caller = context.getBean(FlagContextWebFilter.Caller.class);
            UsernamePasswordAuthenticationToken dora = UsernamePasswordAuthenticationToken.authenticated(
                    "dora", "n/a", List.of(new SimpleGrantedAuthority("ROLE_HR")));
            Context carried = caller.carry(Context.of("other", "kept"), dora);
            Object key = new SecurityContextHolderThreadLocalAccessor().key();
            assertThat(carried.<SecurityContext>get(key).getAuthentication()).isSameAs(dora);
            assertThat(carried.<String>get("other")).isEqualTo("kept");
            assertThat(caller.carry(Context.empty(), () -> "not-spring-security")
                            .isEmpty())
                    .as("a principal that is no Authentication is not carried")
                    .isTrue();
        });
        guarded.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
                .run(context -> assertThat(context)
                        .as("nothing would restore it")
                        .doesNotHaveBean(FlagContextWebFilter.Caller.class)
                        .hasSingleBean(FlagContextWebFilter.class));
        guarded.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FlagContextWebFilter.Caller.class));
        FlagContextWebFilter.Caller own = (context, principal) -> context;
        guarded.withBean(FlagContextWebFilter.Caller.class, () -> own)
                .run(context -> assertThat(context.getBean(FlagContextWebFilter.Caller.class))
                        .isSameAs(own));
    }

    @Test
    void reactiveMethodsOutsideAnExchangeUseTheContextPutThereOrTheEmptyOne() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            Checkout checkout = context.getBean(Checkout.class);
            FlagMemo ann =
                    flags.memo(EvaluationContext.builder().targetingKey("ann").build());
            StepVerifier.create(checkout.newCheckout().contextWrite(c -> ReactorFlags.with(c, ann)))
                    .expectNext("new checkout")
                    .verifyComplete();
            StepVerifier.create(checkout.newCheckout())
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(FeatureDisabledException.class)
                            .hasMessageContaining("checkout"))
                    .verify();
            StepVerifier.create(ReactorFlags.memo()).verifyComplete();
        });
    }

    @Test
    void eachSubscriptionDecidesAfresh() {
        runner.run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            Checkout checkout = context.getBean(Checkout.class);
            Mono<String> mono = checkout.newCheckout();
            FlagMemo ann =
                    flags.memo(EvaluationContext.builder().targetingKey("ann").build());
            FlagMemo carl =
                    flags.memo(EvaluationContext.builder().targetingKey("carl").build());
            assertThat(mono.contextWrite(c -> ReactorFlags.with(c, ann)).block())
                    .isEqualTo("new checkout");
            assertThat(mono.contextWrite(c -> ReactorFlags.with(c, ann)).block())
                    .isEqualTo("new checkout");
            StepVerifier.create(mono.contextWrite(c -> ReactorFlags.with(c, carl)))
                    .expectError(FeatureDisabledException.class)
                    .verify();
            assertThat(checkout.calls()).isEqualTo(2);
        });
    }

    private static WebTestClient client(ApplicationContext context) {
        return WebTestClient.bindToApplicationContext(context).build();
    }

    @Configuration(proxyBeanMethods = false)
    static class Web {

        @Bean
        Checkout checkout() {
            return new Checkout();
        }

        @Bean
        Pricing pricing() {
            return new Pricing();
        }

        @Bean
        Controller controller(Checkout checkout, Pricing pricing, FlagManager flags) {
            return new Controller(checkout, pricing, flags);
        }
    }

    public static class Checkout {

        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger newItemsCalls = new AtomicInteger();

        // Read through methods: the bean is a class proxy, whose own fields are unset.
        public int calls() {
            return calls.get();
        }

        public int newItemsCalls() {
            return newItemsCalls.get();
        }

        @FeatureToggle("checkout")
        public Mono<String> newCheckout() {
            calls.incrementAndGet();
            return Mono.just("new checkout");
        }

        @FeatureToggle(value = "checkout", fallback = "oldItems")
        public Flux<String> items() {
            newItemsCalls.incrementAndGet();
            return Flux.just("new-a", "new-b");
        }

        public Flux<String> oldItems() {
            return Flux.just("old");
        }
    }

    public static class Pricing {

        @Variant("pricing")
        public Mono<String> quote() {
            return Mono.just("standard quote");
        }

        @Variant(value = "pricing", variant = "discount")
        public Mono<String> discountQuote() {
            return Mono.just("discount quote");
        }
    }

    @RestController
    static class Controller {

        private final Checkout checkout;
        private final Pricing pricing;
        private final FlagManager flags;

        Controller(Checkout checkout, Pricing pricing, FlagManager flags) {
            this.checkout = checkout;
            this.pricing = pricing;
            this.flags = flags;
        }

        @GetMapping("/checkout")
        Mono<String> checkout() {
            return checkout.newCheckout();
        }

        @GetMapping("/items")
        Mono<String> items() {
            return checkout.items().collectList().map(items -> String.join("|", items));
        }

        @GetMapping("/price")
        Mono<String> price(@Variant("pricing") String pricing, @Variant("limit") int limit) {
            return this.pricing.quote().map(quote -> pricing + "/" + limit + "/" + quote);
        }

        @GetMapping("/context")
        Mono<String> context() {
            return ReactorFlags.memo(flags).map(memo -> {
                EvaluationContext context = memo.context();
                // context-free: found through the propagated memo scope
                boolean contextFree = flags.current() == memo;
                return context.targetingKey() + "/" + context.attributes().get("x-country") + "/"
                        + context.attributes().get("plan") + "/" + memo.getVariant("pricing") + "/" + contextFree;
            });
        }

        @GetMapping("/pre")
        Mono<String> pre(org.springframework.web.server.ServerWebExchange exchange) {
            return Mono.just(String.valueOf(exchange.<Object>getAttribute("flags")));
        }
    }
}
