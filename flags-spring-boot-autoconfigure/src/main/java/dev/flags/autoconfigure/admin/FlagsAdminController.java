package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.StaleFlag;
import dev.flags.admin.StaleFlagReport;
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
import dev.flags.store.EntityKind;
import dev.flags.store.StoredFlag;
import dev.flags.store.StoredSegment;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    // ---- flags ----

    @GetMapping("/flags")
    List<Map<String, Object>> listFlags(HttpServletRequest request) {
        List<Map<String, Object>> flags = new ArrayList<>();
        for (StoredFlag flag : admin.listFlags(actor(request))) {
            flags.add(describe(flag));
        }
        return flags;
    }

    @GetMapping("/flags/{key}")
    ResponseEntity<Map<String, Object>> getFlag(@PathVariable String key, HttpServletRequest request) {
        return ok(admin.getFlag(actor(request), key));
    }

    @PostMapping("/flags")
    ResponseEntity<Map<String, Object>> createFlag(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        Map<String, Object> tree = new LinkedHashMap<>(body);
        Object key = tree.remove("key");
        if (!(key instanceof String name) || name.isBlank()) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "key", "is required")));
        }
        StoredFlag created = admin.createFlag(actor(request), parseFlag(name, tree), reason);
        return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + name))
                .eTag(etag(created.version()))
                .body(describe(created));
    }

    @PutMapping("/flags/{key}")
    ResponseEntity<Map<String, Object>> updateFlag(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        Actor actor = actor(request);
        long version = requiredVersion(ifMatch);
        Map<String, Object> tree = new LinkedHashMap<>(body);
        tree.remove("key");
        return ok(admin.updateFlag(actor, parseFlag(key, tree), version, reason));
    }

    @DeleteMapping("/flags/{key}")
    ResponseEntity<Void> deleteFlag(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Actor actor = actor(request);
        admin.deleteFlag(actor, key, requiredVersion(ifMatch), reason);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/flags/{key}/status")
    ResponseEntity<Map<String, Object>> changeStatus(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.changeStatus(
                actor(request), key, status(body), optionalVersion(ifMatch), string(body, "reason")));
    }

    @PostMapping("/flags/{key}/emergency-off")
    ResponseEntity<Map<String, Object>> emergencyOff(
            @PathVariable String key,
            @RequestBody(required = false) @Nullable Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        String reason = body == null ? null : string(body, "reason");
        return ok(admin.emergencyOff(actor(request), key, optionalVersion(ifMatch), reason == null ? "" : reason));
    }

    @PostMapping("/flags/{key}/restore")
    ResponseEntity<Map<String, Object>> restore(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.restore(actor(request), key, status(body), optionalVersion(ifMatch), string(body, "reason")));
    }

    @PutMapping("/flags/{key}/targets/{variant}")
    ResponseEntity<Map<String, Object>> setTargets(
            @PathVariable String key,
            @PathVariable String variant,
            @RequestBody List<String> targetingKeys,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.setTargets(actor(request), key, variant, targetingKeys, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/rules")
    ResponseEntity<Map<String, Object>> setRules(
            @PathVariable String key,
            @RequestBody List<Object> rules,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Actor actor = actor(request);
        FlagDefinition parsed = parseWith(actor, key, "rules", rules);
        return ok(admin.setRules(actor, key, parsed.rules(), optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/rules/{ruleId}")
    ResponseEntity<Map<String, Object>> putRule(
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
    ResponseEntity<Map<String, Object>> removeRule(
            @PathVariable String key,
            @PathVariable String ruleId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.removeRule(actor(request), key, ruleId, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/serve")
    ResponseEntity<Map<String, Object>> setServe(
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
    ResponseEntity<Map<String, Object>> setWeights(
            @PathVariable String key,
            @RequestParam(name = "rule", required = false) @Nullable String ruleId,
            @RequestBody Map<String, Integer> weights,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return ok(admin.setWeights(actor(request), key, ruleId, weights, optionalVersion(ifMatch)));
    }

    @PutMapping("/flags/{key}/schedule")
    ResponseEntity<Map<String, Object>> setSchedule(
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
    List<Map<String, Object>> listSegments(HttpServletRequest request) {
        List<Map<String, Object>> segments = new ArrayList<>();
        for (StoredSegment segment : admin.listSegments(actor(request))) {
            segments.add(describe(segment));
        }
        return segments;
    }

    @GetMapping("/segments/{key}")
    ResponseEntity<Map<String, Object>> getSegment(@PathVariable String key, HttpServletRequest request) {
        return ok(admin.getSegment(actor(request), key));
    }

    @PostMapping("/segments")
    ResponseEntity<Map<String, Object>> createSegment(
            @RequestBody Map<String, Object> body,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        Map<String, Object> tree = new LinkedHashMap<>(body);
        Object key = tree.remove("key");
        if (!(key instanceof String name) || name.isBlank()) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "key", "is required")));
        }
        StoredSegment created = admin.createSegment(actor(request), parseSegment(name, tree), reason);
        return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + name))
                .eTag(etag(created.version()))
                .body(describe(created));
    }

    @PutMapping("/segments/{key}")
    ResponseEntity<Map<String, Object>> updateSegment(
            @PathVariable String key,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletRequest request) {
        Actor actor = actor(request);
        long version = requiredVersion(ifMatch);
        Map<String, Object> tree = new LinkedHashMap<>(body);
        tree.remove("key");
        return ok(admin.updateSegment(actor, parseSegment(key, tree), version, reason));
    }

    @DeleteMapping("/segments/{key}")
    ResponseEntity<Void> deleteSegment(
            @PathVariable String key,
            @RequestParam String reason,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        Actor actor = actor(request);
        admin.deleteSegment(actor, key, requiredVersion(ifMatch), reason);
        return ResponseEntity.noContent().build();
    }

    // ---- audit and lifecycle ----

    @GetMapping("/audit")
    List<Map<String, Object>> audit(
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
        List<Map<String, Object>> entries = new ArrayList<>();
        for (AuditEntry entry : admin.audit(actor(request), query)) {
            entries.add(describe(entry));
        }
        return entries;
    }

    @GetMapping("/stale")
    Map<String, Object> stale(HttpServletRequest request) {
        return describe(admin.staleFlags(actor(request)));
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

    private static ResponseEntity<Map<String, Object>> ok(StoredFlag flag) {
        return ResponseEntity.ok().eTag(etag(flag.version())).body(describe(flag));
    }

    private static ResponseEntity<Map<String, Object>> ok(StoredSegment segment) {
        return ResponseEntity.ok().eTag(etag(segment.version())).body(describe(segment));
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
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put(key, tree);
        Definitions definitions = DefinitionsReader.parseTree(REQUEST, Map.of("flags", flags));
        return definitions.flags().get(0);
    }

    private static SegmentDefinition parseSegment(String key, Object tree) {
        Map<String, Object> segments = new LinkedHashMap<>();
        segments.put(key, tree);
        Definitions definitions = DefinitionsReader.parseTree(REQUEST, Map.of("flags", Map.of(), "segments", segments));
        return definitions.segments().get(0);
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

    private static Map<String, Object> describe(StoredFlag flag) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("key", flag.key());
        described.put("version", flag.version());
        described.put("created", flag.created().toString());
        described.put("updated", flag.updated().toString());
        Instant archived = flag.archived();
        if (archived != null) {
            described.put("archived", archived.toString());
        }
        described.put("definition", DefinitionsWriter.toTree(flag.definition()));
        return described;
    }

    private static Map<String, Object> describe(StoredSegment segment) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("key", segment.key());
        described.put("version", segment.version());
        described.put("created", segment.created().toString());
        described.put("updated", segment.updated().toString());
        described.put("definition", DefinitionsWriter.toTree(segment.definition()));
        return described;
    }

    private static Map<String, Object> describe(AuditEntry entry) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("sequence", entry.sequence());
        described.put("time", entry.time().toString());
        described.put("kind", entry.kind() == EntityKind.FLAG ? "flag" : "segment");
        described.put("key", entry.key());
        described.put("action", entry.action().name());
        described.put("actor", entry.actor());
        described.put("version", entry.version());
        described.put("reason", entry.reason());
        described.put("before", tree(entry.before()));
        described.put("after", tree(entry.after()));
        return described;
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

    static Map<String, Object> describe(StaleFlagReport report) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("generated", report.generated().toString());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (StaleFlag finding : report.findings()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", finding.key());
            item.put("reason", finding.reason().name());
            item.put("detail", finding.detail());
            findings.add(item);
        }
        described.put("findings", findings);
        return described;
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
