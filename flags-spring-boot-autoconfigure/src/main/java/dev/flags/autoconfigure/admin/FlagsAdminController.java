package dev.flags.autoconfigure.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.admin.StaleFlagReport;
import dev.flags.admin.StatusTransitions;
import dev.flags.admin.ValidationException;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.SegmentDefinition;
import dev.flags.definition.Serve;
import dev.flags.store.AuditEntry;
import dev.flags.store.AuditQuery;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
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
 * The admin REST API over {@link FlagAdmin}, under {@code flags.admin.base-path}. Bodies are the
 * definitions format (the value under {@code flags.<key>} or {@code segments.<key>}); responses
 * carry the version as {@code ETag}, and writes take it back in {@code If-Match}. Refusals are
 * Problem Details (RFC 9457). The controller only builds the {@link Actor}; the service checks it.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}")
final class FlagsAdminController {

    private static final String REQUEST = "request";

    private final FlagAdmin admin;

    private final FlagsAdminActorResolver actors;

    FlagsAdminController(FlagAdmin admin, FlagsAdminActorResolver actors) {
        this.admin = admin;
        this.actors = actors;
    }

    // ---- the caller ----

    /** Who the caller is and what it may do, so that a client (the console) shows only what will work. */
    @GetMapping("/me")
    ActorResponse me(HttpServletRequest request) {
        return ActorResponse.of(actor(request));
    }

    // ---- flags ----

    @GetMapping("/flags")
    List<StoredResponse> listFlags(HttpServletRequest request) {
        return admin.listFlags(actor(request)).stream().map(StoredResponse::of).toList();
    }

    @GetMapping("/flags/{key}")
    ResponseEntity<StoredResponse> getFlag(@PathVariable String key, HttpServletRequest request) {
        return ok(admin.getFlag(actor(request), key));
    }

    @PostMapping("/flags")
    ResponseEntity<StoredResponse> createFlag(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return create(
                request,
                body,
                (actor, key, tree) -> StoredResponse.of(admin.createFlag(actor, parseFlag(key, tree), reason)));
    }

    @PutMapping("/flags/{key}")
    ResponseEntity<StoredResponse> updateFlag(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return replace(
                request,
                body,
                ifMatch,
                (actor, tree, version) ->
                        StoredResponse.of(admin.updateFlag(actor, parseFlag(key, tree), version, reason)));
    }

    @DeleteMapping("/flags/{key}")
    ResponseEntity<Void> deleteFlag(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return delete(request, ifMatch, (actor, version) -> admin.deleteFlag(actor, key, version, reason));
    }

    @PostMapping("/flags/{key}/status")
    ResponseEntity<StoredResponse> changeStatus(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.changeStatus(
                actor(request), key, status(body), optionalVersion(ifMatch), string(body, "reason")));
    }

    @PostMapping("/flags/{key}/emergency-off")
    ResponseEntity<StoredResponse> emergencyOff(
            @PathVariable String key,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        String reason = body == null ? null : string(body, "reason");
        return ok(admin.emergencyOff(actor(request), key, optionalVersion(ifMatch), reason == null ? "" : reason));
    }

    @PostMapping("/flags/{key}/restore")
    ResponseEntity<StoredResponse> restore(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.restore(actor(request), key, status(body), optionalVersion(ifMatch), string(body, "reason")));
    }

    /**
     * Where the flag's status may go from here, each move with the endpoint that makes it, the
     * permission it needs and whether this caller holds it (permission and scope).
     */
    @GetMapping("/flags/{key}/transitions")
    TransitionsResponse transitions(@PathVariable String key, HttpServletRequest request) {
        Actor actor = actor(request);
        StoredFlag flag = admin.getFlag(actor, key);
        FlagStatus from = flag.definition().status();
        List<TransitionResponse> moves = new ArrayList<>();
        if (from == FlagStatus.EMERGENCY_OFF) {
            for (FlagStatus to : FlagStatus.values()) {
                if (to != FlagStatus.EMERGENCY_OFF) {
                    moves.add(TransitionResponse.of(actor, flag, to, "restore", Permission.ADMIN));
                }
            }
        } else {
            for (FlagStatus to : FlagStatus.values()) {
                if (StatusTransitions.isAllowed(from, to)) {
                    String via = to == FlagStatus.EMERGENCY_OFF ? "emergency-off" : "status";
                    moves.add(TransitionResponse.of(
                            actor, flag, to, via, StatusTransitions.requiredPermission(from, to)));
                }
            }
        }
        return new TransitionsResponse(key, flag.version(), from.id(), moves);
    }

    @PutMapping("/flags/{key}/targets/{variant}")
    ResponseEntity<StoredResponse> setTargets(
            @PathVariable String key,
            @PathVariable String variant,
            @RequestBody List<String> targetingKeys,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.setTargets(actor(request), key, variant, targetingKeys, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/rules")
    ResponseEntity<StoredResponse> setRules(
            @PathVariable String key,
            @RequestBody List<Object> rules,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Actor actor = actor(request);
        FlagDefinition parsed = parseWith(actor, key, "rules", rules);
        return ok(admin.setRules(actor, key, parsed.rules(), optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/rules/{ruleId}")
    ResponseEntity<StoredResponse> putRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestBody Map<String, Object> rule,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Actor actor = actor(request);
        Map<String, Object> tree = new LinkedHashMap<>(rule);
        tree.put("id", ruleId);
        FlagDefinition parsed = parseWith(actor, key, "rules", List.of(tree));
        return ok(admin.putRule(actor, key, parsed.rules().get(0), optionalVersion(ifMatch)));
    }

    @DeleteMapping("/flags/{key}/rules/{ruleId}")
    ResponseEntity<StoredResponse> removeRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.removeRule(actor(request), key, ruleId, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/serve")
    ResponseEntity<StoredResponse> setServe(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Object serve,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Actor actor = actor(request);
        FlagDefinition parsed = parseWith(actor, key, "fallthrough", serve);
        Serve parsedServe = parsed.fallthrough();
        if (parsedServe == null) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "serve", "is required")));
        }
        return ok(admin.setServe(actor, key, ruleId, parsedServe, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/weights")
    ResponseEntity<StoredResponse> setWeights(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Map<String, Integer> weights,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.setWeights(actor(request), key, ruleId, weights, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/schedule")
    ResponseEntity<StoredResponse> setSchedule(
            @PathVariable String key,
            @RequestBody Map<String, Object> window,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Instant from = instant(window, "active-from");
        Instant until = instant(window, "active-until");
        return ok(admin.setActiveWindow(actor(request), key, from, until, optionalVersion(ifMatch)));
    }

    // ---- segments ----

    @GetMapping("/segments")
    List<StoredResponse> listSegments(HttpServletRequest request) {
        return admin.listSegments(actor(request)).stream()
                .map(StoredResponse::of)
                .toList();
    }

    @GetMapping("/segments/{key}")
    ResponseEntity<StoredResponse> getSegment(@PathVariable String key, HttpServletRequest request) {
        return ok(admin.getSegment(actor(request), key));
    }

    @PostMapping("/segments")
    ResponseEntity<StoredResponse> createSegment(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return create(
                request,
                body,
                (actor, key, tree) -> StoredResponse.of(admin.createSegment(actor, parseSegment(key, tree), reason)));
    }

    @PutMapping("/segments/{key}")
    ResponseEntity<StoredResponse> updateSegment(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        return replace(
                request,
                body,
                ifMatch,
                (actor, tree, version) ->
                        StoredResponse.of(admin.updateSegment(actor, parseSegment(key, tree), version, reason)));
    }

    @DeleteMapping("/segments/{key}")
    ResponseEntity<Void> deleteSegment(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return delete(request, ifMatch, (actor, version) -> admin.deleteSegment(actor, key, version, reason));
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
        if (limit < 1) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "limit", "must be at least 1")));
        }
        AuditQuery query = AuditQuery.ALL.withLimit(limit).between(from, until);
        if (flag != null) {
            query = query.forFlag(flag);
        } else if (segment != null) {
            query = query.forSegment(segment);
        }
        if (actor != null) {
            query = query.byActor(actor);
        }
        return admin.audit(actor(request), query).stream()
                .map(AuditEntryResponse::of)
                .toList();
    }

    @GetMapping("/stale")
    StaleFlagReportResponse stale(HttpServletRequest request) {
        return StaleFlagReportResponse.of(admin.staleFlags(actor(request)));
    }

    // ---- the one create, replace and delete path of flags and segments ----

    /** Creates the entity named by the body's {@code key} from the rest of the body. */
    private interface Creation {
        StoredResponse create(Actor actor, String key, Map<String, Object> tree);
    }

    /** Replaces the entity with the body, at the version the client read. */
    private interface Replacement {
        StoredResponse replace(Actor actor, Map<String, Object> tree, long version);
    }

    /** Deletes the entity at the version the client read. */
    private interface Deletion {
        void delete(Actor actor, long version);
    }

    private ResponseEntity<StoredResponse> create(
            HttpServletRequest request, Map<String, Object> body, Creation creation) {
        Map<String, Object> tree = new LinkedHashMap<>(body);
        Object key = tree.remove("key");
        if (!(key instanceof String name) || name.isBlank()) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "key", "is required")));
        }
        StoredResponse created = creation.create(actor(request), name, tree);
        return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + name))
                .eTag(etag(created.version()))
                .body(created);
    }

    private ResponseEntity<StoredResponse> replace(
            HttpServletRequest request, Map<String, Object> body, @Nullable String ifMatch, Replacement replacement) {
        Actor actor = actor(request);
        long version = requiredVersion(ifMatch);
        Map<String, Object> tree = new LinkedHashMap<>(body);
        tree.remove("key"); // the path names the entity
        return ok(replacement.replace(actor, tree, version));
    }

    private ResponseEntity<Void> delete(HttpServletRequest request, @Nullable String ifMatch, Deletion deletion) {
        Actor actor = actor(request);
        deletion.delete(actor, requiredVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    // ---- helpers ----

    /**
     * The caller. Nobody authenticated is refused here already, so that a request which also lacks
     * If-Match or a body gets 401 rather than 428 or 400; the service refuses it too.
     */
    private Actor actor(HttpServletRequest request) {
        Actor actor = actors.resolve(request);
        if (actor.equals(Actor.ANONYMOUS)) {
            throw new UnauthenticatedRequestException();
        }
        return actor;
    }

    private static ResponseEntity<StoredResponse> ok(StoredFlag flag) {
        return ok(StoredResponse.of(flag));
    }

    private static ResponseEntity<StoredResponse> ok(StoredSegment segment) {
        return ok(StoredResponse.of(segment));
    }

    private static ResponseEntity<StoredResponse> ok(StoredResponse response) {
        return ResponseEntity.ok().eTag(etag(response.version())).body(response);
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static long requiredVersion(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException();
        }
        return optionalVersion(ifMatch);
    }

    /** The version in an If-Match header: {@code "3"}, {@code W/"3"} or {@code 3}; none or {@code *} is any. */
    static long optionalVersion(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return FlagAdmin.ANY_VERSION;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long version = Long.parseLong(tag);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        throw new ValidationException(
                List.of(new DefinitionError(REQUEST, "If-Match", "is not a version ETag: " + ifMatch)));
    }

    private static FlagDefinition parseFlag(String key, Object tree) {
        return parse("flags", key, tree).flags().get(0);
    }

    private static SegmentDefinition parseSegment(String key, Object tree) {
        return parse("segments", key, tree).segments().get(0);
    }

    /** A definitions document holding one entity under its section, as a client sent it. */
    private static Definitions parse(String section, String key, Object tree) {
        Map<String, Object> entities = new LinkedHashMap<>();
        entities.put(key, tree);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("flags", Map.of());
        document.put(section, entities);
        return DefinitionsReader.parseTree(REQUEST, document);
    }

    /** Parses one part of a flag in the context of its current definition (variants, type). */
    private FlagDefinition parseWith(Actor actor, String key, String field, Object value) {
        Map<String, Object> tree = new LinkedHashMap<>(
                DefinitionsWriter.toTree(admin.getFlag(actor, key).definition()));
        tree.put(field, value);
        return parseFlag(key, tree);
    }

    private static FlagStatus status(Map<String, Object> body) {
        String id = string(body, "status");
        FlagStatus status = id == null ? null : FlagStatus.fromId(id);
        if (status == null) {
            throw new ValidationException(List.of(new DefinitionError(
                    REQUEST, "status", "must be one of draft, active, scheduled, paused, archived, emergency-off")));
        }
        return status;
    }

    private static @Nullable String string(Map<String, Object> body, String name) {
        Object value = body.get(name);
        return value == null ? null : value.toString();
    }

    private static @Nullable Instant instant(Map<String, Object> body, String name) {
        String value = string(body, name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException ex) {
            throw new ValidationException(
                    List.of(new DefinitionError(REQUEST, name, "is not an ISO-8601 instant: " + value)));
        }
    }

    // ---- responses ----

    /**
     * A flag or segment as the API shows it; {@code archived} appears only for an archived flag.
     * Times are ISO-8601 text and the definition is in the definitions format.
     */
    record StoredResponse(
            String key,
            long version,
            String created,
            String updated,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String archived,

            Map<String, Object> definition) {

        static StoredResponse of(StoredFlag flag) {
            Instant archived = flag.archived();
            return new StoredResponse(
                    flag.key(),
                    flag.version(),
                    flag.created().toString(),
                    flag.updated().toString(),
                    archived == null ? null : archived.toString(),
                    DefinitionsWriter.toTree(flag.definition()));
        }

        static StoredResponse of(StoredSegment segment) {
            return new StoredResponse(
                    segment.key(),
                    segment.version(),
                    segment.created().toString(),
                    segment.updated().toString(),
                    null,
                    DefinitionsWriter.toTree(segment.definition()));
        }
    }

    /**
     * An audit entry; {@code reason}, {@code before} and {@code after} are {@code null} when absent,
     * and the definitions before and after nest as trees instead of quoted JSON.
     */
    record AuditEntryResponse(
            long sequence,
            String time,
            String kind,
            String key,
            String action,
            String actor,
            long version,
            @Nullable String reason,
            @Nullable Object before,
            @Nullable Object after) {

        static AuditEntryResponse of(AuditEntry entry) {
            return new AuditEntryResponse(
                    entry.sequence(),
                    entry.time().toString(),
                    entry.kind().name().toLowerCase(Locale.ROOT),
                    entry.key(),
                    entry.action().name(),
                    entry.actor(),
                    entry.version(),
                    entry.reason(),
                    tree(entry.before()),
                    tree(entry.after()));
        }

        /** An audit entry's JSON definition as a tree, so the response nests it instead of quoting it. */
        private static @Nullable Object tree(@Nullable String json) {
            if (json == null) {
                return null;
            }
            try {
                return new Load(LoadSettings.builder().build()).loadFromString(json);
            } catch (RuntimeException ex) {
                // Not expected (the store writes JSON); show the text rather than fail the whole query.
                return json;
            }
        }
    }

    /**
     * The caller: its name, permissions, and the owners and tags it is restricted to (both empty when
     * it is not restricted).
     */
    record ActorResponse(String name, List<String> permissions, List<String> owners, List<String> tags) {

        static ActorResponse of(Actor actor) {
            return new ActorResponse(
                    actor.name(),
                    actor.permissions().stream().sorted().map(Permission::name).toList(),
                    actor.owners().stream().sorted().toList(),
                    actor.tags().stream().sorted().toList());
        }
    }

    /** A flag's current status and the moves the state machine allows from it. */
    record TransitionsResponse(String key, long version, String status, List<TransitionResponse> transitions) {}

    /**
     * One allowed move: to {@code status}, through the endpoint {@code via} ({@code status},
     * {@code emergency-off} or {@code restore}), needing {@code permission}; {@code permitted} says
     * whether the caller may make it (permission and scope).
     */
    record TransitionResponse(String status, String via, String permission, boolean permitted) {

        static TransitionResponse of(Actor actor, StoredFlag flag, FlagStatus to, String via, Permission permission) {
            boolean permitted = actor.has(permission) && actor.covers(flag.definition());
            return new TransitionResponse(to.id(), via, permission.name(), permitted);
        }
    }

    /** The stale-flag report: when it was made and each finding. */
    record StaleFlagReportResponse(String generated, List<Finding> findings) {

        /** One cleanup candidate and why. */
        record Finding(String key, String reason, String detail) {}

        static StaleFlagReportResponse of(StaleFlagReport report) {
            return new StaleFlagReportResponse(
                    report.generated().toString(),
                    report.findings().stream()
                            .map(finding ->
                                    new Finding(finding.key(), finding.reason().name(), finding.detail()))
                            .toList());
        }
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
