package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.admin.FlagsAdminApi.ActorResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.AuditEntryResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.StaleFlagReportResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.StoredResponse;
import dev.flags.autoconfigure.admin.FlagsAdminApi.TransitionsResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
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

/**
 * The admin REST API over {@link FlagAdmin} on Spring MVC, under {@code flags.admin.base-path}.
 * Bodies are the definitions format (the value under {@code flags.<key>} or {@code segments.<key>});
 * responses carry the version as {@code ETag}, and writes take it back in {@code If-Match}. Refusals
 * are Problem Details (RFC 9457). This class only maps requests and builds the {@link Actor}; what
 * the API answers is {@link FlagsAdminApi}'s, which the WebFlux binding shares, and the service
 * checks the actor.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}")
final class FlagsAdminController {

    private final FlagsAdminApi api;

    private final FlagsAdminActorResolver actors;

    FlagsAdminController(FlagAdmin admin, FlagsAdminActorResolver actors) {
        this(new FlagsAdminApi(admin), actors);
    }

    FlagsAdminController(FlagsAdminApi api, FlagsAdminActorResolver actors) {
        this.api = api;
        this.actors = actors;
    }

    // ---- the caller ----

    /** Who the caller is and what it may do, so that a client (the console) shows only what will work. */
    @GetMapping("/me")
    ActorResponse me(HttpServletRequest request) {
        return api.me(actor(request));
    }

    // ---- flags ----

    @GetMapping("/flags")
    List<StoredResponse> listFlags(HttpServletRequest request) {
        return api.listFlags(actor(request));
    }

    @GetMapping("/flags/{key}")
    ResponseEntity<StoredResponse> getFlag(@PathVariable String key, HttpServletRequest request) {
        return api.getFlag(actor(request), key);
    }

    @PostMapping("/flags")
    ResponseEntity<StoredResponse> createFlag(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return api.createFlag(actor(request), request.getRequestURI(), body, reason);
    }

    @PutMapping("/flags/{key}")
    ResponseEntity<StoredResponse> updateFlag(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return api.updateFlag(actor(request), key, body, ifMatch, reason);
    }

    @DeleteMapping("/flags/{key}")
    ResponseEntity<Void> deleteFlag(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.deleteFlag(actor(request), key, reason, ifMatch);
    }

    @PostMapping("/flags/{key}/status")
    ResponseEntity<StoredResponse> changeStatus(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.changeStatus(actor(request), key, body, ifMatch);
    }

    @PostMapping("/flags/{key}/emergency-off")
    ResponseEntity<StoredResponse> emergencyOff(
            @PathVariable String key,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.emergencyOff(actor(request), key, body, ifMatch);
    }

    @PostMapping("/flags/{key}/restore")
    ResponseEntity<StoredResponse> restore(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.restore(actor(request), key, body, ifMatch);
    }

    /**
     * Where the flag's status may go from here, each move with the endpoint that makes it, the
     * permission it needs and whether this caller holds it (permission and scope).
     */
    @GetMapping("/flags/{key}/transitions")
    TransitionsResponse transitions(@PathVariable String key, HttpServletRequest request) {
        return api.transitions(actor(request), key);
    }

    @PutMapping("/flags/{key}/targets/{variant}")
    ResponseEntity<StoredResponse> setTargets(
            @PathVariable String key,
            @PathVariable String variant,
            @RequestBody List<String> targetingKeys,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.setTargets(actor(request), key, variant, targetingKeys, ifMatch);
    }

    @PutMapping("/flags/{key}/rules")
    ResponseEntity<StoredResponse> setRules(
            @PathVariable String key,
            @RequestBody List<Object> rules,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.setRules(actor(request), key, rules, ifMatch);
    }

    @PutMapping("/flags/{key}/rules/{ruleId}")
    ResponseEntity<StoredResponse> putRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestBody Map<String, Object> rule,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.putRule(actor(request), key, ruleId, rule, ifMatch);
    }

    @DeleteMapping("/flags/{key}/rules/{ruleId}")
    ResponseEntity<StoredResponse> removeRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.removeRule(actor(request), key, ruleId, ifMatch);
    }

    @PutMapping("/flags/{key}/serve")
    ResponseEntity<StoredResponse> setServe(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Object serve,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.setServe(actor(request), key, ruleId, serve, ifMatch);
    }

    @PutMapping("/flags/{key}/weights")
    ResponseEntity<StoredResponse> setWeights(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Map<String, Integer> weights,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.setWeights(actor(request), key, ruleId, weights, ifMatch);
    }

    @PutMapping("/flags/{key}/schedule")
    ResponseEntity<StoredResponse> setSchedule(
            @PathVariable String key,
            @RequestBody Map<String, Object> window,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.setSchedule(actor(request), key, window, ifMatch);
    }

    // ---- segments ----

    @GetMapping("/segments")
    List<StoredResponse> listSegments(HttpServletRequest request) {
        return api.listSegments(actor(request));
    }

    @GetMapping("/segments/{key}")
    ResponseEntity<StoredResponse> getSegment(@PathVariable String key, HttpServletRequest request) {
        return api.getSegment(actor(request), key);
    }

    @PostMapping("/segments")
    ResponseEntity<StoredResponse> createSegment(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return api.createSegment(actor(request), request.getRequestURI(), body, reason);
    }

    @PutMapping("/segments/{key}")
    ResponseEntity<StoredResponse> updateSegment(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return api.updateSegment(actor(request), key, body, ifMatch, reason);
    }

    @DeleteMapping("/segments/{key}")
    ResponseEntity<Void> deleteSegment(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return api.deleteSegment(actor(request), key, reason, ifMatch);
    }

    // ---- audit and lifecycle ----

    @GetMapping("/audit")
    List<AuditEntryResponse> audit(
            @RequestParam(required = false) @Nullable String flag,
            @RequestParam(required = false) @Nullable String segment,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant until,
            @RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        return api.audit(actor(request), flag, segment, actor, from, until, limit);
    }

    @GetMapping("/stale")
    StaleFlagReportResponse stale(HttpServletRequest request) {
        return api.stale(actor(request));
    }

    private Actor actor(HttpServletRequest request) {
        return FlagsAdminApi.authenticated(actors.resolve(request));
    }

    /** Nobody authenticated: 401. */
    static final class UnauthenticatedRequestException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnauthenticatedRequestException() {
            super("Authentication is required", null, false, false);
        }
    }

    /** A write that must name the version it read came without {@code If-Match}: 428. */
    static final class PreconditionRequiredException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PreconditionRequiredException() {
            super("This write needs an If-Match header with the ETag (version) the client read", null, false, false);
        }
    }
}
