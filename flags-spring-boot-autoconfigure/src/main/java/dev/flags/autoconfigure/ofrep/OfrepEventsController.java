package dev.flags.autoconfigure.ofrep;

import dev.flags.ofrep.OfrepRateLimiter;
import dev.flags.ofrep.OfrepResponse;
import dev.flags.ofrep.OfrepServer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET {base-path}/v1/events}: the change stream of {@link OfrepEventStream}. */
@RestController
@RequestMapping("${flags.ofrep.base-path:/ofrep}")
final class OfrepEventsController {

    private final OfrepEventStream stream;

    private final @Nullable OfrepRateLimiter rateLimiter;

    OfrepEventsController(OfrepEventStream stream, @Nullable OfrepRateLimiter rateLimiter) {
        this.stream = stream;
        this.rateLimiter = rateLimiter;
    }

    @GetMapping(path = OfrepEntities.EVENTS, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            HttpServletRequest request) {
        if (rateLimiter != null) {
            Duration wait = rateLimiter.acquire(OfrepController.client(request));
            if (wait != null) {
                OfrepResponse refused = OfrepServer.tooManyRequests(wait);
                return ResponseEntity.status(refused.status())
                        .headers(headers -> refused.headers().forEach(headers::set))
                        .build();
            }
        }
        SseEmitter emitter = stream.open(lastEventId);
        if (emitter == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, OfrepEntities.FULL_RETRY_AFTER)
                    .build();
        }
        // no-transform: proxies that buffer or compress would hold events back.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().noTransform())
                .header("X-Accel-Buffering", "no")
                .body(emitter);
    }
}
