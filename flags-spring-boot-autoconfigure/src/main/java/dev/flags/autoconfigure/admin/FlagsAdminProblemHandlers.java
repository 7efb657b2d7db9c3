package dev.flags.autoconfigure.admin;

import dev.flags.admin.AccessDeniedException;
import dev.flags.admin.AlreadyExistsException;
import dev.flags.admin.FlagAdminException;
import dev.flags.admin.IllegalTransitionException;
import dev.flags.admin.NotAuthenticatedException;
import dev.flags.admin.NotFoundException;
import dev.flags.admin.ValidationException;
import dev.flags.autoconfigure.admin.FlagsAdminController.PreconditionRequiredException;
import dev.flags.autoconfigure.admin.FlagsAdminController.UnauthenticatedRequestException;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagStatus;
import dev.flags.store.VersionConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The admin API's refusals as Problem Details (RFC 9457), on either web stack: 400 with every
 * validation error and its path, 401, 403 with the missing permission, 404, 409 with the allowed
 * transitions, 412 with both versions, 413 with the body limit, 415, 428; for the experiment results
 * view also 404 for a flag that is not an experiment and 503 for a table that cannot be read. Its two subclasses are the
 * advice of each stack ({@link FlagsAdminProblems} for Spring MVC, {@link ReactiveFlagsAdminProblems}
 * for WebFlux) and add what each stack throws for a malformed, unsupported or oversized request;
 * Spring finds the exception handlers declared here through them. A store that cannot be reached
 * is {@link FlagsAdminStoreUnavailable}'s (503).
 */
// Not final: the one place for these answers, shared by the advice of both stacks.
abstract class FlagsAdminProblemHandlers {

    private static final Log logger = LogFactory.getLog(FlagsAdminProblemHandlers.class);

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ProblemDetail> invalid(ValidationException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid definition", ex.getMessage(), errors(ex.errors()));
    }

    @ExceptionHandler(DefinitionsException.class)
    ResponseEntity<ProblemDetail> invalid(DefinitionsException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid definition", ex.getMessage(), errors(ex.errors()));
    }

    @ExceptionHandler({NotAuthenticatedException.class, UnauthenticatedRequestException.class})
    ResponseEntity<ProblemDetail> unauthenticated(RuntimeException ex) {
        return problem(HttpStatus.UNAUTHORIZED, "Not authenticated", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException ex) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("permission", ex.permission().name());
        return problem(HttpStatus.FORBIDDEN, "Access denied", ex.getMessage(), properties);
    }

    @ExceptionHandler({NotFoundException.class, ExperimentNotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(RuntimeException ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(IllegalTransitionException ex) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("from", ex.from().id());
        properties.put("to", ex.to().id());
        properties.put(
                "allowed", ex.allowed().stream().map(FlagStatus::id).sorted().toList());
        return problem(HttpStatus.CONFLICT, "Illegal status transition", ex.getMessage(), properties);
    }

    @ExceptionHandler(AlreadyExistsException.class)
    ResponseEntity<ProblemDetail> exists(AlreadyExistsException ex) {
        return problem(HttpStatus.CONFLICT, "Already exists", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(VersionConflictException.class)
    ResponseEntity<ProblemDetail> conflict(VersionConflictException ex) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("expectedVersion", ex.expectedVersion());
        properties.put("currentVersion", ex.currentVersion());
        return problem(HttpStatus.PRECONDITION_FAILED, "Version conflict", ex.getMessage(), properties);
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ResponseEntity<ProblemDetail> preconditionRequired(PreconditionRequiredException ex) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "If-Match required", ex.getMessage(), Map.of());
    }

    // A FlagStoreException (the store is unavailable) is FlagsAdminStoreUnavailable's: 503 with Retry-After.
    @ExceptionHandler(FlagAdminException.class)
    ResponseEntity<ProblemDetail> failed(RuntimeException ex) {
        logger.error("Admin request failed", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Store failure", "The flag store failed", Map.of());
    }

    @ExceptionHandler(ExperimentResultsUnavailableException.class)
    ResponseEntity<ProblemDetail> resultsUnavailable(ExperimentResultsUnavailableException ex) {
        logger.warn(ex.getMessage(), ex.getCause());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Experiment results unavailable", ex.getMessage(), Map.of());
    }

    /** 413: the body is larger than {@code flags.admin.max-request-size}. */
    static ResponseEntity<ProblemDetail> tooLarge(@Nullable String message, long limit) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", message, Map.of("limit", limit));
    }

    /** 400: the request could not be read (body, parameter or header), with the reason's first line. */
    static ResponseEntity<ProblemDetail> malformed(@Nullable String message) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", oneLine(message), Map.of());
    }

    /** 415: the body is not sent as JSON. */
    static ResponseEntity<ProblemDetail> unsupportedMediaType(@Nullable MediaType type) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "Send the body as application/json, not "
                        + (type == null ? "without a Content-Type" : type.getType() + "/" + type.getSubtype()),
                Map.of("supported", List.of(MediaType.APPLICATION_JSON_VALUE)));
    }

    private static Map<String, Object> errors(List<DefinitionError> errors) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DefinitionError error : errors) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", error.path());
            item.put("message", error.message());
            list.add(item);
        }
        return Map.of("errors", list);
    }

    static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String title, @Nullable String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail == null ? title : detail);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return ResponseEntity.status(status).body(problem);
    }

    private static String oneLine(@Nullable String message) {
        if (message == null) {
            return "Malformed request";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
