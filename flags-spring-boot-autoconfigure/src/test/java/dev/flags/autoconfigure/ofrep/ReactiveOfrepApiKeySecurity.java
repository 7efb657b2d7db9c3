package dev.flags.autoconfigure.ofrep;

import dev.flags.autoconfigure.ofrep.OfrepApiKeySecurity.ApiKeyClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * The API-key set-up of docs/ofrep.md on WebFlux, as the tests run it: the same keys and answers as
 * {@link OfrepApiKeySecurity} (401 with {@code WWW-Authenticate} without a known key, 403 without
 * {@code OFREP_CLIENT}, both without a body), as a {@link SecurityWebFilterChain}.
 */
@Configuration(proxyBeanMethods = false)
class ReactiveOfrepApiKeySecurity {

    @Bean
    SecurityWebFilterChain ofrepSecurity(ServerHttpSecurity http) {
        // The header names a client that is authenticated as it is: the key is the credential.
        ReactiveAuthenticationManager passThrough = Mono::just;
        AuthenticationWebFilter apiKeys = new AuthenticationWebFilter(passThrough);
        apiKeys.setServerAuthenticationConverter(exchange -> {
            ApiKeyClient client = lookUp(exchange.getRequest().getHeaders().getFirst("X-API-Key"));
            return client == null
                    ? Mono.empty()
                    : Mono.just(UsernamePasswordAuthenticationToken.authenticated(
                            client.name(), null, AuthorityUtils.createAuthorityList(client.authorities())));
        });
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/ofrep/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // clients send a key, not a cookie
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges.anyExchange().hasAuthority("OFREP_CLIENT"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((exchange, e) -> {
                            exchange.getResponse().getHeaders().set("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
                            exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
                            return exchange.getResponse().setComplete();
                        })
                        .accessDeniedHandler((exchange, e) -> {
                            exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
                            return exchange.getResponse().setComplete();
                        }))
                .build();
    }

    // Compares every key in constant time, so response times do not reveal how much of a key matched.
    private static @Nullable ApiKeyClient lookUp(@Nullable String presented) {
        if (presented == null) {
            return null;
        }
        ApiKeyClient found = null;
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, ApiKeyClient> entry : OfrepApiKeySecurity.KEYS.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey().getBytes(StandardCharsets.UTF_8), bytes)) {
                found = entry.getValue();
            }
        }
        return found;
    }
}
