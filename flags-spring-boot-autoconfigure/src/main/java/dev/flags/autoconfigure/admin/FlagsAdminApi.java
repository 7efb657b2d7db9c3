package dev.flags.autoconfigure.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.Permission;
import dev.flags.admin.StaleFlagReport;
import dev.flags.admin.StatusTransitions;
import dev.flags.admin.ValidationException;
import dev.flags.autoconfigure.admin.FlagsAdminController.PreconditionRequiredException;
import dev.flags.autoconfigure.admin.FlagsAdminController.UnauthenticatedRequestException;
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
import org.springframework.http.ResponseEntity;

/**
 * What the admin REST API computes, free of either web stack: the Spring MVC binding
 * ({@link FlagsAdminController}) and the WebFlux one ({@link ReactiveFlagsAdminController}) map
 * requests onto these methods and write what they answer, so both answer the same JSON, headers and
 * refusals (exceptions that {@link FlagsAdminProblemHandlers} turns into Problem Details). Every
 * method takes the caller as an {@link Actor}, checked by {@link #authenticated}; the service checks
 * permissions and scope. The methods block on the store: the reactive binding calls them off the
 * event loop.
 */
final class FlagsAdminApi {

    private static final String REQUEST = "request";

    private final FlagAdmin admin;

    FlagsAdminApi(FlagAdmin admin) {
        this.admin = admin;
    }

    /**
     * The caller, once it is known to be someone. Nobody authenticated is refused here already, so
     * that a request which also lacks If-Match or a body gets 401 rather than 428 or 400; the
     * service refuses it too.
     */
    static Actor authenticated(Actor actor) {
        if (actor.equals(Actor.ANONYMOUS)) {
            throw new UnauthenticatedRequestException();
        }
        return actor;
    }

    // ---- the caller ----

    ActorResponse me(Actor actor) {
        return ActorResponse.of(actor);
    }

    // ---- flags ----

    List<StoredResponse> listFlags(Actor actor) {
        return admin.listFlags(actor).stream().map(StoredResponse::of).toList();
    }

    ResponseEntity<StoredResponse> getFlag(Actor actor, String key) {
        return ok(admin.getFlag(actor, key));
    }

    /**
     * @param collection the path the entity was posted to, which its location extends
     */
    ResponseEntity<StoredResponse> createFlag(
            Actor actor, String collection, Map<String, Object> body, @Nullable String reason) {
        return create(
                actor,
                collection,
                body,
                (key, tree) -> StoredResponse.of(admin.createFlag(actor, parseFlag(key, tree), reason)));
    }

    ResponseEntity<StoredResponse> updateFlag(
            Actor actor, String key, Map<String, Object> body, @Nullable String ifMatch, @Nullable String reason) {
        return replace(
                body,
                ifMatch,
                (tree, version) -> StoredResponse.of(admin.updateFlag(actor, parseFlag(key, tree), version, reason)));
    }

    ResponseEntity<Void> deleteFlag(Actor actor, String key, String reason, @Nullable String ifMatch) {
        admin.deleteFlag(actor, key, requiredVersion(ifMatch), reason);
        return ResponseEntity.noContent().build();
    }

    ResponseEntity<StoredResponse> changeStatus(
            Actor actor, String key, Map<String, Object> body, @Nullable String ifMatch) {
        return ok(admin.changeStatus(actor, key, status(body), optionalVersion(ifMatch), string(body, "reason")));
    }

    ResponseEntity<StoredResponse> emergencyOff(
            Actor actor, String key, @Nullable Map<String, Object> body, @Nullable String ifMatch) {
        String reason = body == null ? null : string(body, "reason");
        return ok(admin.emergencyOff(actor, key, optionalVersion(ifMatch), reason == null ? "" : reason));
    }

    ResponseEntity<StoredResponse> restore(
            Actor actor, String key, Map<String, Object> body, @Nullable String ifMatch) {
        return ok(admin.restore(actor, key, status(body), optionalVersion(ifMatch), string(body, "reason")));
    }

    /**
     * Where the flag's status may go from here, each move with the endpoint that makes it, the
     * permission it needs and whether this caller holds it (permission and scope).
     */
    TransitionsResponse transitions(Actor actor, String key) {
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

    ResponseEntity<StoredResponse> setTargets(
            Actor actor, String key, String variant, List<String> targetingKeys, @Nullable String ifMatch) {
        return ok(admin.setTargets(actor, key, variant, targetingKeys, optionalVersion(ifMatch)));
    }

    ResponseEntity<StoredResponse> setRules(Actor actor, String key, List<Object> rules, @Nullable String ifMatch) {
        FlagDefinition parsed = parseWith(actor, key, "rules", rules);
        return ok(admin.setRules(actor, key, parsed.rules(), optionalVersion(ifMatch)));
    }

    ResponseEntity<StoredResponse> putRule(
            Actor actor, String key, String ruleId, Map<String, Object> rule, @Nullable String ifMatch) {
        Map<String, Object> tree = new LinkedHashMap<>(rule);
        tree.put("id", ruleId);
        FlagDefinition parsed = parseWith(actor, key, "rules", List.of(tree));
        return ok(admin.putRule(actor, key, parsed.rules().get(0), optionalVersion(ifMatch)));
    }

    ResponseEntity<StoredResponse> removeRule(Actor actor, String key, String ruleId, @Nullable String ifMatch) {
        return ok(admin.removeRule(actor, key, ruleId, optionalVersion(ifMatch)));
    }

    ResponseEntity<StoredResponse> setServe(
            Actor actor, String key, @Nullable String ruleId, Object serve, @Nullable String ifMatch) {
        FlagDefinition parsed = parseWith(actor, key, "fallthrough", serve);
        Serve parsedServe = parsed.fallthrough();
        if (parsedServe == null) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "serve", "is required")));
        }
        return ok(admin.setServe(actor, key, ruleId, parsedServe, optionalVersion(ifMatch)));
    }

    ResponseEntity<StoredResponse> setWeights(
            Actor actor, String key, @Nullable String ruleId, Map<String, Integer> weights, @Nullable String ifMatch) {
        return ok(admin.setWeights(actor, key, ruleId, weights, optionalVersion(ifMatch)));
    }

    ResponseEntity<StoredResponse> setSchedule(
            Actor actor, String key, Map<String, Object> window, @Nullable String ifMatch) {
        Instant from = instant(window, "active-from");
        Instant until = instant(window, "active-until");
        return ok(admin.setActiveWindow(actor, key, from, until, optionalVersion(ifMatch)));
    }

    // ---- segments ----

    List<StoredResponse> listSegments(Actor actor) {
        return admin.listSegments(actor).stream().map(StoredResponse::of).toList();
    }

    ResponseEntity<StoredResponse> getSegment(Actor actor, String key) {
        return ok(admin.getSegment(actor, key));
    }

    ResponseEntity<StoredResponse> createSegment(
            Actor actor, String collection, Map<String, Object> body, @Nullable String reason) {
        return create(
                actor,
                collection,
                body,
                (key, tree) -> StoredResponse.of(admin.createSegment(actor, parseSegment(key, tree), reason)));
    }

    ResponseEntity<StoredResponse> updateSegment(
            Actor actor, String key, Map<String, Object> body, @Nullable String ifMatch, @Nullable String reason) {
        return replace(
                body,
                ifMatch,
                (tree, version) ->
                        StoredResponse.of(admin.updateSegment(actor, parseSegment(key, tree), version, reason)));
    }

    ResponseEntity<Void> deleteSegment(Actor actor, String key, String reason, @Nullable String ifMatch) {
        admin.deleteSegment(actor, key, requiredVersion(ifMatch), reason);
        return ResponseEntity.noContent().build();
    }

    // ---- audit and lifecycle ----

    List<AuditEntryResponse> audit(
            Actor caller,
            @Nullable String flag,
            @Nullable String segment,
            @Nullable String actor,
            @Nullable Instant from,
            @Nullable Instant until,
            int limit) {
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
        return admin.audit(caller, query).stream().map(AuditEntryResponse::of).toList();
    }

    StaleFlagReportResponse stale(Actor actor) {
        return StaleFlagReportResponse.of(admin.staleFlags(actor));
    }

    /**
     * Checks that the caller may follow the change stream: it shows what changed in the flags, so
     * it needs what reading them needs (the service refuses with 403 before anything is sent).
     */
    void checkMayFollowChanges(Actor actor) {
        admin.listFlags(actor);
    }

    // ---- the one create and replace path of flags and segments ----

    /** Creates the entity named by the body's {@code key} from the rest of the body. */
    private interface Creation {
        StoredResponse create(String key, Map<String, Object> tree);
    }

    /** Replaces the entity with the body, at the version the client read. */
    private interface Replacement {
        StoredResponse replace(Map<String, Object> tree, long version);
    }

    private static ResponseEntity<StoredResponse> create(
            Actor actor, String collection, Map<String, Object> body, Creation creation) {
        Map<String, Object> tree = new LinkedHashMap<>(body);
        Object key = tree.remove("key");
        if (!(key instanceof String name) || name.isBlank()) {
            throw new ValidationException(List.of(new DefinitionError(REQUEST, "key", "is required")));
        }
        StoredResponse created = creation.create(name, tree);
        return ResponseEntity.created(URI.create(collection + "/" + name))
                .eTag(etag(created.version()))
                .body(created);
    }

    private static ResponseEntity<StoredResponse> replace(
            Map<String, Object> body, @Nullable String ifMatch, Replacement replacement) {
        long version = requiredVersion(ifMatch);
        Map<String, Object> tree = new LinkedHashMap<>(body);
        tree.remove("key"); // the path names the entity
        return ok(replacement.replace(tree, version));
    }

    // ---- helpers ----

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
}
