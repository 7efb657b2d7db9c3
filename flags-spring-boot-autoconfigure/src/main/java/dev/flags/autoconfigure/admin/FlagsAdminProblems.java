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
import dev.flags.autoconfigure.admin.FlagsAdminRequestLimit.RequestTooLargeException;
import dev.flags.definition.DefinitionError;
import dev.flags.definition.DefinitionsException;
import dev.flags.definition.FlagStatus;
import dev.flags.store.VersionConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns the admin API's refusals into Problem Details (RFC 9457), for the flag and segment API and
 * the experiment results view alike: 400 with every validation error and its path, 401, 403 with
 * the missing permission, 404, 409 with the allowed transitions, 412 with both versions, 413 with
 * the body limit, 428. A store that cannot be reached is {@link FlagsAdminStoreUnavailable}'s (503).
 */
// By package: naming the results view here would load it, and its experiment types, without flags-experiments.
@RestControllerAdvice(basePackageClasses = FlagsAdminProblems.class)
final class FlagsAdminProblems {

    private static final Log logger = LogFactory.getLog(FlagsAdminProblems.class);

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ProblemDetail> invalid(ValidationException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid definition", ex.getMessage(), errors(ex.errors()));
    }

    @ExceptionHandler(DefinitionsException.class)
    ResponseEntity<ProblemDetail> invalid(DefinitionsException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid definition", ex.getMessage(), errors(ex.errors()));
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException ex, HttpServletRequest request) {
        UnreadBody.discard(request, ex.limit());
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", ex.getMessage(), Map.of("limit", ex.limit()));
    }

    @ExceptionHandler({
        HttpMessageNotReadableException.class,
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class
    })
    ResponseEntity<ProblemDetail> malformed(Exception ex, HttpServletRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) { // cut off while a converter read the body
                return tooLarge(tooLarge, request);
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", oneLine(ex.getMessage()), Map.of());
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

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
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

    private static ResponseEntity<ProblemDetail> problem(
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
