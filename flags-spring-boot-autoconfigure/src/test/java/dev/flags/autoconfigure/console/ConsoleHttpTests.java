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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * {@link ConsoleHttpContract} on Spring MVC, on Tomcat, behind the {@code SecurityFilterChain} of
 * the console's docs (the sample app's).
 */
@SpringBootTest(
        classes = ConsoleHttpTests.MvcApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleHttpTests extends ConsoleHttpContract {

    @Autowired
    ApplicationContext context;

    @Test
    void theServletBindingServesTheConsole() {
        assertThat(context.getBeansOfType(FlagsConsoleController.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(ReactiveFlagsConsoleController.class))
                .isEmpty();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MvcApplication {

        @Bean
        SecurityFilterChain flagsConsole(HttpSecurity http) throws Exception {
            RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher(API + "/**");
            AuthenticationEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
            http.securityMatcher(API + "/**", CONSOLE, CONSOLE + "/**", "/login", "/logout")
                    .authorizeHttpRequests(requests -> requests.requestMatchers("/login")
                            .permitAll()
                            .anyRequest()
                            .authenticated())
                    .formLogin(form -> form.defaultSuccessUrl(CONSOLE + "/", false))
                    .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                    .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(unauthorized, api))
                    .csrf(csrf -> csrf.ignoringRequestMatchers(
                            request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null));
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            List<UserDetails> users = new ArrayList<>();
            for (String name : USERS) {
                users.add(User.withUsername(name)
                        .password("{noop}" + name + "-pass")
                        .roles(name.toUpperCase(java.util.Locale.ROOT))
                        .build());
            }
            return new InMemoryUserDetailsManager(users);
        }
    }
}
