package dev.flags.sample;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.flags.autoconfigure.web.FlagContextCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** The sample shop. Run it with {@code ./mvnw -pl flags-sample-app -am spring-boot:run}. */
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
     * Guards the flags admin API with HTTP Basic; the shop, the home page and Actuator stay open.
     * Stateless, so no session or CSRF token: every admin call carries its credentials.
     *
     * @param http the security builder
     * @param adminPath the admin API's base path
     * @return the filter chain
     * @throws Exception when the chain cannot be built
     */
    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, @Value("${flags.admin.base-path:/flags-admin/api}") String adminPath) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(adminPath + "/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .httpBasic(withDefaults())
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
