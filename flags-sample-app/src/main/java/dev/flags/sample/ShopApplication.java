package dev.flags.sample;

import dev.flags.autoconfigure.web.FlagContextCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/** The sample shop. Run it with {@code ./mvnw -pl flags-sample-app -am compile spring-boot:run}. */
@SpringBootApplication
public class ShopApplication {

    /**
     * Starts the shop.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    /**
     * Adds the customer's country and plan to every request's evaluation context. A real shop
     * would look them up from the customer record; the sample reads the {@code X-Country} and
     * {@code X-Plan} headers so curl can play different customers.
     *
     * @return the customizer
     */
    @Bean
    FlagContextCustomizer customerAttributes() {
        return (context, request) -> context.attribute("country", request.getHeader("X-Country"))
                .attribute("plan", request.getHeader("X-Plan"));
    }

    /**
     * Guards the flags admin API and the console; the shop, the home page and Actuator stay open
     * (the second chain below).
     *
     * <p>People sign in to the console with a form and a session; the console's calls to the admin
     * API carry the session cookie and the CSRF token the console page hands to its scripts. Scripts
     * and curl call the API with HTTP Basic instead: a request carrying its own {@code Authorization}
     * header needs no CSRF token, because a browser adds that header by itself only after a Basic
     * challenge, and this chain never sends one (401 without {@code WWW-Authenticate} for the API, a
     * redirect to the login form for pages).
     *
     * @param http the security builder
     * @param adminPath the admin API's base path
     * @param consolePath the console's path
     * @return the filter chain
     * @throws Exception when the chain cannot be built
     */
    @Bean
    @Order(1)
    SecurityFilterChain adminSecurity(
            HttpSecurity http,
            @Value("${flags.admin.base-path:/flags-admin/api}") String adminPath,
            @Value("${flags.console.path:/flags-console}") String consolePath)
            throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher(adminPath + "/**");
        AuthenticationEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        http.securityMatcher(adminPath + "/**", consolePath, consolePath + "/**", "/login", "/logout")
                .authorizeHttpRequests(requests -> requests.requestMatchers("/login")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.defaultSuccessUrl(consolePath + "/", false))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                // A mapping, not the entry point: with an entry point of its own the chain would not
                // generate the login page. Registered first, so it wins for the API's paths.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(unauthorized, api))
                .csrf(csrf ->
                        csrf.ignoringRequestMatchers(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null));
        return http.build();
    }

    /**
     * The shop, the home page and Actuator: open, stateless, no CSRF token (curl plays the
     * customers).
     *
     * @param http the security builder
     * @return the filter chain
     * @throws Exception when the chain cannot be built
     */
    @Bean
    @Order(2)
    SecurityFilterChain shopSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * The demo users: {@code viewer} reads, {@code editor} also changes flags, {@code admin} also
     * deletes, archives and pulls kill switches. Passwords come from {@code shop.users.*} in
     * application.yml.
     *
     * @param viewer the viewer's password
     * @param editor the editor's password
     * @param admin the admin's password
     * @return the users
     */
    @Bean
    UserDetailsService users(
            @Value("${shop.users.viewer-password}") String viewer,
            @Value("${shop.users.editor-password}") String editor,
            @Value("${shop.users.admin-password}") String admin) {
        return new InMemoryUserDetailsManager(
                User.withUsername("viewer")
                        .password("{noop}" + viewer)
                        .roles("VIEWER")
                        .build(),
                User.withUsername("editor")
                        .password("{noop}" + editor)
                        .roles("EDITOR")
                        .build(),
                User.withUsername("admin")
                        .password("{noop}" + admin)
                        .roles("ADMIN")
                        .build());
    }
}
