package dev.flags.autoconfigure.ofrep;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API-key set-up of docs/ofrep.md, as the tests run it: an {@code X-API-Key} header names a
 * client and its authorities; {@code OFREP_CLIENT} may call the endpoints. No key or an unknown one
 * is 401, a key without the authority 403, both without a body as the specification has them.
 */
@Configuration(proxyBeanMethods = false)
class OfrepApiKeySecurity {

    /** Client names and authorities by API key; in an application, read them from a secret store. */
    static final Map<String, ApiKeyClient> KEYS = Map.of(
            "web-key", new ApiKeyClient("web-frontend", List.of("OFREP_CLIENT")),
            "hr-key", new ApiKeyClient("hr-service", List.of("OFREP_CLIENT", "OFREP_HR")),
            "burst-key", new ApiKeyClient("burst-client", List.of("OFREP_CLIENT")),
            "interop-key", new ApiKeyClient("interop-client", List.of("OFREP_CLIENT")),
            "reports-key", new ApiKeyClient("reports", List.of("REPORTS")));

    @Bean
    SecurityFilterChain ofrepSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/ofrep/**")
                .csrf(AbstractHttpConfigurer::disable) // clients send a key, not a cookie
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(KEYS), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority("OFREP_CLIENT"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
                            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                        })
                        .accessDeniedHandler(
                                (request, response, e) -> response.setStatus(HttpServletResponse.SC_FORBIDDEN)))
                .build();
    }

    /** A client an API key stands for. */
    record ApiKeyClient(String name, List<String> authorities) {}

    /** Authenticates the request whose X-API-Key header is a known key. */
    static final class ApiKeyFilter extends OncePerRequestFilter {

        private final Map<String, ApiKeyClient> keys;

        ApiKeyFilter(Map<String, ApiKeyClient> keys) {
            this.keys = keys;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String presented = request.getHeader("X-API-Key");
            ApiKeyClient client = presented == null ? null : lookUp(presented);
            if (client != null) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        client.name(), null, AuthorityUtils.createAuthorityList(client.authorities())));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }

        // Compares every key in constant time, so response times do not reveal how much of a key matched.
        private ApiKeyClient lookUp(String presented) {
            ApiKeyClient found = null;
            byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
            for (Map.Entry<String, ApiKeyClient> entry : keys.entrySet()) {
                if (MessageDigest.isEqual(entry.getKey().getBytes(StandardCharsets.UTF_8), bytes)) {
                    found = entry.getValue();
                }
            }
            return found;
        }
    }
}
