package dev.flags.autoconfigure.console;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Serves the console's page on WebFlux at {@code flags.console.path}, with and without a trailing
 * slash, with the headers of {@link ConsolePage#response}: the counterpart of
 * {@link FlagsConsoleController}, under {@code spring.webflux.base-path} as that one is under the
 * servlet context path.
 */
@Controller
@RequestMapping("${flags.console.path:/flags-console}")
final class ReactiveFlagsConsoleController {

    private final ConsolePage page;

    private final ReactiveConsoleCsrf csrf;

    ReactiveFlagsConsoleController(ConsolePage page, ReactiveConsoleCsrf csrf) {
        this.page = page;
        this.csrf = csrf;
    }

    @GetMapping({"", "/"})
    Mono<ResponseEntity<String>> page(ServerWebExchange exchange) {
        String contextPath = exchange.getRequest().getPath().contextPath().value();
        return csrf.token(exchange)
                .map(token -> page.response(contextPath, token))
                .switchIfEmpty(Mono.fromSupplier(() -> page.response(contextPath, null)));
    }
}
