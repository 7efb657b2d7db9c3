package dev.flags.autoconfigure.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * {@link ConsoleHttpContract} on WebFlux, on Netty, behind the reactive form of the console's
 * security set-up ({@code docs/webflux.md}): Spring Security's reactive CSRF protection with its
 * default {@code ServerCsrfTokenRepository} (the web session), a login form, HTTP Basic for
 * scripts.
 */
@SpringBootTest(
        classes = ReactiveConsoleHttpTests.WebFluxApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
class ReactiveConsoleHttpTests extends ConsoleHttpContract {

    @Autowired
    ApplicationContext context;

    @Test
    void theReactiveBindingServesTheConsole() {
        assertThat(context.getBeansOfType(ReactiveFlagsConsoleController.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(FlagsConsoleController.class)).isEmpty();
        assertThat(context.getBean(ReactiveConsoleCsrf.class)).isInstanceOf(ReactiveSecurityConsoleCsrf.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebFluxApplication {

        @Bean
        SecurityWebFilterChain flagsConsole(ServerHttpSecurity http) {
            // HTTP Basic's entry point answers 401 without WWW-Authenticate to the API's JSON calls;
            // the login form's redirect answers pages (Accept: text/html). An entry point set for the whole
            // chain (exceptionHandling) would turn the generated login page off.
            ServerAuthenticationEntryPoint unauthorized = new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED);
            // A request that brings its own Authorization header is not one a browser forges.
            ServerWebExchangeMatcher browserWrites =
                    exchange -> exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null
                            ? ServerWebExchangeMatcher.MatchResult.notMatch()
                            : CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange);
            return http.authorizeExchange(exchanges -> exchanges
                            .pathMatchers(API + "/**", CONSOLE, CONSOLE + "/**")
                            .authenticated()
                            .anyExchange()
                            .permitAll())
                    .formLogin(form -> form.authenticationSuccessHandler(
                            new RedirectServerAuthenticationSuccessHandler(CONSOLE + "/")))
                    .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                    .csrf(csrf -> csrf.requireCsrfProtectionMatcher(browserWrites))
                    .build();
        }

        @Bean
        MapReactiveUserDetailsService users() {
            List<UserDetails> users = new ArrayList<>();
            for (String name : USERS) {
                users.add(User.withUsername(name)
                        .password("{noop}" + name + "-pass")
                        .roles(name.toUpperCase(java.util.Locale.ROOT))
                        .build());
            }
            return new MapReactiveUserDetailsService(users);
        }
    }
}
