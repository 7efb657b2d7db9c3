package dev.flags.autoconfigure.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The page's token from Spring Security's reactive {@link CsrfWebFilter} with a repository other
 * than the session's: {@link CookieServerCsrfTokenRepository}, whose header is {@code X-XSRF-TOKEN}.
 * Reading the token is what saves it, and the filter accepts the value read on a write.
 */
class ReactiveSecurityConsoleCsrfTests {

    private final ReactiveSecurityConsoleCsrf csrf = new ReactiveSecurityConsoleCsrf();

    private final CsrfWebFilter filter = cookieFilter();

    private static CsrfWebFilter cookieFilter() {
        CsrfWebFilter filter = new CsrfWebFilter();
        filter.setCsrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse());
        return filter;
    }

    @Test
    void readingTheTokenSavesItAndTheFilterAcceptsItsValueOnAWrite() {
        MockServerWebExchange page = MockServerWebExchange.from(MockServerHttpRequest.get("/flags-console/"));
        AtomicReference<ConsoleCsrfToken> read = new AtomicReference<>();
        filter.filter(page, exchange -> csrf.token(exchange).doOnNext(read::set).then())
                .block(Duration.ofSeconds(5));

        ConsoleCsrfToken token = read.get();
        assertThat(token).isNotNull();
        assertThat(token.headerName()).isEqualTo("X-XSRF-TOKEN");
        assertThat(token.parameterName()).isEqualTo("_csrf");
        ResponseCookie cookie = page.getResponse().getCookies().getFirst("XSRF-TOKEN");
        assertThat(cookie).isNotNull();
        // The masked form, different on every page, which the filter unmasks.
        assertThat(token.value()).isNotBlank().isNotEqualTo(cookie.getValue());

        assertThat(write(cookie.getValue(), token.value())).isTrue();
        assertThat(write(cookie.getValue(), null)).isFalse();
        assertThat(write(cookie.getValue(), "forged")).isFalse();
    }

    @Test
    void aPageThatDoesNotReadTheTokenSavesNone() {
        MockServerWebExchange page = MockServerWebExchange.from(MockServerHttpRequest.get("/flags-console/"));
        filter.filter(page, exchange -> Mono.empty()).block(Duration.ofSeconds(5));
        assertThat(page.getResponse().getCookies()).doesNotContainKey("XSRF-TOKEN");
    }

    @Test
    void noTokenWithoutSpringSecuritysFilter() {
        StepVerifier.create(csrf.token(MockServerWebExchange.from(MockServerHttpRequest.get("/flags-console/"))))
                .verifyComplete();
    }

    /** Whether a write with the cookie and this header got past the filter; a refusal is a 403. */
    private boolean write(String cookie, @Nullable String header) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.post("/flags-admin/api/flags").cookie(new HttpCookie("XSRF-TOKEN", cookie));
        if (header != null) {
            request.header("X-XSRF-TOKEN", header);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicBoolean passed = new AtomicBoolean();
        filter.filter(exchange, next -> Mono.fromRunnable(() -> passed.set(true)))
                .block(Duration.ofSeconds(5));
        if (!passed.get()) {
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        return passed.get();
    }
}
