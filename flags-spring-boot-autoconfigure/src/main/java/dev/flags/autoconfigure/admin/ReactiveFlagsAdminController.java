package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.autoconfigure.FlagExplanation;
import dev.flags.autoconfigure.admin.FlagsAdminApi.ActorResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.AuditEntryResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.StaleFlagReportResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.StoredResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.TransitionsResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin REST API on WebFlux, under {@code flags.admin.base-path}: every endpoint of the Spring
 * MVC binding ({@link FlagsAdminController}, the explain and the change stream) with the same
 * paths, JSON, headers and Problem Details, since both call {@link FlagsAdminApi} and
 * {@link FlagsAdminExplain}. The caller comes from a {@link ReactiveFlagsAdminActorResolver} (by
 * default Spring Security's reactive context). The store is blocking (JDBC), so every call runs on
 * Reactor's bounded elastic scheduler, never on the event loop.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}")
final class ReactiveFlagsAdminController {

    private final FlagsAdminApi api;

    private final FlagsAdminExplain explain;

    private final ReactiveFlagsAdminEvents events;

    private final ReactiveFlagsAdminActorResolver actors;

    ReactiveFlagsAdminController(
            FlagsAdminApi api,
            FlagsAdminExplain explain,
            ReactiveFlagsAdminEvents events,
            ReactiveFlagsAdminActorResolver actors) {
        this.api = api;
        this.explain = explain;
        this.events = events;
        this.actors = actors;
    }

    // ---- the caller ----

    @GetMapping("/me")
    Mono<ActorResponse> me(ServerWebExchange exchange) {
        return call(exchange, api::me);
    }

    // ---- flags ----

    @GetMapping("/flags")
    Mono<List<StoredResponse>> listFlags(ServerWebExchange exchange) {
        return call(exchange, api::listFlags);
    }

    @GetMapping("/flags/{key}")
    Mono<ResponseEntity<StoredResponse>> getFlag(@PathVariable String key, ServerWebExchange exchange) {
        return call(exchange, actor -> api.getFlag(actor, key));
    }

    @PostMapping("/flags")
    Mono<ResponseEntity<StoredResponse>> createFlag(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.createFlag(actor, path(exchange), body, reason));
    }

    @PutMapping("/flags/{key}")
    Mono<ResponseEntity<StoredResponse>> updateFlag(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.updateFlag(actor, key, body, ifMatch, reason));
    }

    @DeleteMapping("/flags/{key}")
    Mono<ResponseEntity<Void>> deleteFlag(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.deleteFlag(actor, key, reason, ifMatch));
    }

    @PostMapping("/flags/{key}/status")
    Mono<ResponseEntity<StoredResponse>> changeStatus(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.changeStatus(actor, key, body, ifMatch));
    }

    @PostMapping("/flags/{key}/emergency-off")
    Mono<ResponseEntity<StoredResponse>> emergencyOff(
            @PathVariable String key,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.emergencyOff(actor, key, body, ifMatch));
    }

    @PostMapping("/flags/{key}/restore")
    Mono<ResponseEntity<StoredResponse>> restore(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.restore(actor, key, body, ifMatch));
    }

    @GetMapping("/flags/{key}/transitions")
    Mono<TransitionsResponse> transitions(@PathVariable String key, ServerWebExchange exchange) {
        return call(exchange, actor -> api.transitions(actor, key));
    }

    @PutMapping("/flags/{key}/targets/{variant}")
    Mono<ResponseEntity<StoredResponse>> setTargets(
            @PathVariable String key,
            @PathVariable String variant,
            @RequestBody List<String> targetingKeys,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.setTargets(actor, key, variant, targetingKeys, ifMatch));
    }

    @PutMapping("/flags/{key}/rules")
    Mono<ResponseEntity<StoredResponse>> setRules(
            @PathVariable String key,
            @RequestBody List<Object> rules,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.setRules(actor, key, rules, ifMatch));
    }

    @PutMapping("/flags/{key}/rules/{ruleId}")
    Mono<ResponseEntity<StoredResponse>> putRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestBody Map<String, Object> rule,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.putRule(actor, key, ruleId, rule, ifMatch));
    }

    @DeleteMapping("/flags/{key}/rules/{ruleId}")
    Mono<ResponseEntity<StoredResponse>> removeRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.removeRule(actor, key, ruleId, ifMatch));
    }

    @PutMapping("/flags/{key}/serve")
    Mono<ResponseEntity<StoredResponse>> setServe(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Object serve,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.setServe(actor, key, ruleId, serve, ifMatch));
    }

    @PutMapping("/flags/{key}/weights")
    Mono<ResponseEntity<StoredResponse>> setWeights(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Map<String, Integer> weights,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.setWeights(actor, key, ruleId, weights, ifMatch));
    }

    @PutMapping("/flags/{key}/schedule")
    Mono<ResponseEntity<StoredResponse>> setSchedule(
            @PathVariable String key,
            @RequestBody Map<String, Object> window,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.setSchedule(actor, key, window, ifMatch));
    }

    @PostMapping("/flags/{key}/explain")
    Mono<FlagExplanation> explain(
            @PathVariable String key,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            ServerWebExchange exchange) {
        return call(exchange, actor -> explain.explain(actor, key, body));
    }

    // ---- segments ----

    @GetMapping("/segments")
    Mono<List<StoredResponse>> listSegments(ServerWebExchange exchange) {
        return call(exchange, api::listSegments);
    }

    @GetMapping("/segments/{key}")
    Mono<ResponseEntity<StoredResponse>> getSegment(@PathVariable String key, ServerWebExchange exchange) {
        return call(exchange, actor -> api.getSegment(actor, key));
    }

    @PostMapping("/segments")
    Mono<ResponseEntity<StoredResponse>> createSegment(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.createSegment(actor, path(exchange), body, reason));
    }

    @PutMapping("/segments/{key}")
    Mono<ResponseEntity<StoredResponse>> updateSegment(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.updateSegment(actor, key, body, ifMatch, reason));
    }

    @DeleteMapping("/segments/{key}")
    Mono<ResponseEntity<Void>> deleteSegment(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            ServerWebExchange exchange) {
        return call(exchange, actor -> api.deleteSegment(actor, key, reason, ifMatch));
    }

    // ---- audit, lifecycle and changes ----

    @GetMapping("/audit")
    Mono<List<AuditEntryResponse>> audit(
            @RequestParam(required = false) @Nullable String flag,
            @RequestParam(required = false) @Nullable String segment,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant until,
            @RequestParam(defaultValue = "100") int limit,
            ServerWebExchange exchange) {
        return call(exchange, caller -> api.audit(caller, flag, segment, actor, from, until, limit));
    }

    @GetMapping("/stale")
    Mono<StaleFlagReportResponse> stale(ServerWebExchange exchange) {
        return call(exchange, api::stale);
    }

    /**
     * The change stream as server-sent events, for callers that may read flags; 503 with
     * {@code Retry-After} beyond {@code flags.admin.events.max-streams}.
     */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> events(ServerWebExchange exchange) {
        return call(exchange, actor -> {
            api.checkMayFollowChanges(actor);
            Flux<ServerSentEvent<Object>> stream = events.open();
            if (stream == null) {
                throw new TooManyStreamsException(events.maxStreams(), events.retryAfterSeconds());
            }
            // no-transform: proxies that buffer or compress would hold events back.
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore().noTransform())
                    .header("X-Accel-Buffering", "no")
                    .body(stream);
        });
    }

    private <T> Mono<T> call(ServerWebExchange exchange, Function<Actor, T> work) {
        return call(actors, exchange, work);
    }

    /**
     * Resolves the caller, refuses nobody with 401, and runs the blocking call for it off the event
     * loop; the reactive security context travels with the subscription. Every reactive binding of
     * the admin API (this one, the experiment results) calls through here.
     */
    static <T> Mono<T> call(
            ReactiveFlagsAdminActorResolver actors, ServerWebExchange exchange, Function<Actor, T> work) {
        return actors.resolve(exchange)
                .defaultIfEmpty(Actor.ANONYMOUS)
                .map(FlagsAdminApi::authenticated)
                .publishOn(Schedulers.boundedElastic())
                .map(work);
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }

    /** More change streams than {@code flags.admin.events.max-streams}: 503 with Retry-After. */
    static final class TooManyStreamsException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final long retryAfterSeconds;

        TooManyStreamsException(int maxStreams, long retryAfterSeconds) {
            super(
                    "This instance already serves " + maxStreams
                            + " change streams (flags.admin.events.max-streams); retry after " + retryAfterSeconds
                            + " seconds, and poll GET .../flags meanwhile",
                    null,
                    false,
                    false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
