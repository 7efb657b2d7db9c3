package dev.flags.autoconfigure.ofrep;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The bearer-token set-up of docs/ofrep.md, as the tests run it: Spring Security's OAuth2 resource
 * server validates the JWT (with spring-boot-starter-oauth2-resource-server, the issuer or key set
 * comes from spring.security.oauth2.resourceserver.jwt.*); the scope flags:read may call the
 * endpoints. No token or an invalid one is 401, a token without the scope 403, each with the
 * {@code WWW-Authenticate: Bearer} challenge of RFC 6750 and no body.
 */
@Configuration(proxyBeanMethods = false)
class OfrepBearerTokenSecurity {

    @Bean
    SecurityFilterChain ofrepSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/ofrep/**")
                .csrf(AbstractHttpConfigurer::disable) // clients send a token, not a cookie
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority("SCOPE_flags:read"))
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .build();
    }
}
