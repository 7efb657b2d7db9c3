package dev.flags.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.autoconfigure.support.ProtocolPaths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The reactive request-context filter leaves the admin API and OFREP paths alone (no context, no
 * memo, no anonymous-id cookie for API clients), and works as before everywhere else.
 */
class FlagContextWebFilterPathsTests {

    private final FlagManager flags = FlagManager.builder().build();

    @AfterEach
    void close() {
        flags.close();
    }

    private static FlagsProperties properties(boolean ofrep) {
        FlagsProperties properties = new FlagsProperties();
        properties.getOfrep().setEnabled(ofrep);
        return properties;
    }

    private boolean filtered(FlagsProperties properties, MockServerHttpRequest request) {
        FlagContextWebFilter filter = new FlagContextWebFilter(
                flags, properties.getRequestContext(), List.of(), null, ProtocolPaths.of(properties));
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, ignored -> Mono.empty()).block(Duration.ofSeconds(5));
        boolean cookie = exchange.getResponse().getCookies().containsKey("flags-anonymous-id");
        assertThat(exchange.getAttributes().containsKey(FlagContextWebFilter.MEMO_ATTRIBUTE))
                .isEqualTo(cookie);
        return cookie;
    }

    @Test
    void setsNoAnonymousIdCookieOnOfrepOrAdminExchanges() {
        assertThat(filtered(
                        properties(true),
                        MockServerHttpRequest.post("/ofrep/v1/evaluate/flags").build()))
                .isFalse();
        assertThat(filtered(
                        properties(true),
                        MockServerHttpRequest.get("/flags-admin/api/me").build()))
                .isFalse();
        assertThat(filtered(
                        properties(true),
                        MockServerHttpRequest.get("/shop/flags-admin/api/me")
                                .contextPath("/shop")
                                .build()))
                .isFalse();
    }

    @Test
    void buildsTheContextEverywhereElse() {
        assertThat(filtered(
                        properties(true), MockServerHttpRequest.get("/checkout").build()))
                .isTrue();
        assertThat(filtered(
                        properties(true),
                        MockServerHttpRequest.get("/ofrep-news").build()))
                .isTrue();
        assertThat(filtered(
                        properties(false),
                        MockServerHttpRequest.post("/ofrep/v1/evaluate/flags").build()))
                .as("OFREP off: the path is the application's")
                .isTrue();
    }
}
