package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The OFREP server behind the bearer-token set-up of the docs, with real signed JWTs: 401 and 403
 * with RFC 6750 challenges and no body, 200 for a token with the scope; every answer validated.
 */
@SpringBootTest(
        classes = OfrepBearerTokenTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flags.ofrep.enabled=true", "flags.definitions.dark-mode.default-variant=on"})
class OfrepBearerTokenTests {

    // HS256 keeps the test self-contained; an application points the resource server at its issuer.
    static final byte[] SECRET = "a test secret of at least 256 bits for HS256 !!".getBytes(StandardCharsets.UTF_8);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OfrepBearerTokenSecurity.class)
    static class App {

        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(SECRET, "HmacSHA256"))
                    .build();
        }
    }

    @LocalServerPort
    int port;

    private static final String BODY = "{\"context\":{\"targetingKey\":\"ann\"}}";

    static String token(String scope, Instant expires, byte[] secret) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject("billing-service")
                        .claim("scope", scope)
                        .expirationTime(Date.from(expires))
                        .build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @Test
    void aTokenWithTheScopeEvaluates() throws JOSEException {
        String token = token("flags:read", Instant.now().plusSeconds(300), SECRET);
        HttpResponse<String> response =
                new OfrepHttp(port).single("dark-mode", BODY, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"key\":\"dark-mode\",\"value\":true,\"variant\":\"on\"");
        assertThat(new OfrepHttp(port)
                        .bulk(BODY, "Authorization", "Bearer " + token)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutAValidTokenIs401WithABearerChallenge() throws JOSEException {
        HttpResponse<String> none = new OfrepHttp(port).single("dark-mode", BODY);
        assertThat(none.statusCode()).isEqualTo(401);
        // Spring Security 7 adds where the resource's metadata is (RFC 9728).
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer resource_metadata=\"" + new OfrepHttp(port).origin()
                        + "/.well-known/oauth-protected-resource\"");
        assertThat(none.body()).isEmpty();

        String expired = token("flags:read", Instant.now().minusSeconds(300), SECRET);
        HttpResponse<String> late = new OfrepHttp(port).bulk(BODY, "Authorization", "Bearer " + expired);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"invalid_token\"");

        byte[] otherKey = "another secret of at least 256 bits for HS256 !!".getBytes(StandardCharsets.UTF_8);
        String forged = token("flags:read", Instant.now().plusSeconds(300), otherKey);
        assertThat(new OfrepHttp(port)
                        .single("dark-mode", BODY, "Authorization", "Bearer " + forged)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheScopeIs403() throws JOSEException {
        String token = token("orders:read", Instant.now().plusSeconds(300), SECRET);
        HttpResponse<String> response =
                new OfrepHttp(port).single("dark-mode", BODY, "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"insufficient_scope\"");
        assertThat(response.body()).isEmpty();
    }
}
