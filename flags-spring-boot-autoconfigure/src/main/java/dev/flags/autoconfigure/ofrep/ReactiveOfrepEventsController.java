package dev.flags.autoconfigure.ofrep;

import dev.flags.ofrep.OfrepRateLimiter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET {base-path}/v1/events} on WebFlux: the change stream of {@link ReactiveOfrepEventStream},
 * answered as on Spring MVC (429 over the rate limit, 503 with {@code Retry-After} when full).
 */
@RestController
@RequestMapping("${flags.ofrep.base-path:/ofrep}")
final class ReactiveOfrepEventsController {

    private final ReactiveOfrepEventStream stream;

    private final @Nullable OfrepRateLimiter rateLimiter;

    ReactiveOfrepEventsController(ReactiveOfrepEventStream stream, @Nullable OfrepRateLimiter rateLimiter) {
        this.stream = stream;
        this.rateLimiter = rateLimiter;
    }

    @GetMapping(path = OfrepEntities.EVENTS, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> events(
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            ServerWebExchange exchange) {
        return ReactiveOfrepController.limited(rateLimiter, exchange)
                .map(refused -> ResponseEntity.status(refused.status())
                        .headers(headers -> refused.headers().forEach(headers::set))
                        .<Flux<ServerSentEvent<String>>>build())
                .switchIfEmpty(Mono.fromSupplier(() -> open(lastEventId)));
    }

    private ResponseEntity<Flux<ServerSentEvent<String>>> open(@Nullable String lastEventId) {
        Flux<ServerSentEvent<String>> events = stream.open(lastEventId);
        if (events == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, OfrepEntities.FULL_RETRY_AFTER)
                    .build();
        }
        // no-transform: proxies that buffer or compress would hold events back.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().noTransform())
                .header("X-Accel-Buffering", "no")
                .body(events);
    }
}
