package dev.flags.autoconfigure.admin;

import dev.flags.autoconfigure.admin.ReactiveFlagsAdminController.TooManyStreamsException;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The admin API's refusals as Problem Details on WebFlux: {@link FlagsAdminProblemHandlers}'
 * answers, the same as on Spring MVC, and what WebFlux throws for a malformed request (400), a body
 * not sent as JSON (415), a body over the limit (413) and a change stream beyond
 * {@code flags.admin.events.max-streams} (503 with {@code Retry-After}). A body larger than the codecs buffer
 * ({@code spring.codec.max-in-memory-size}, 256 KB by default) is a 413 too, naming that limit.
 */
// By package, as on Spring MVC: the reactive controllers of this package only.
@RestControllerAdvice(basePackageClasses = ReactiveFlagsAdminProblems.class)
final class ReactiveFlagsAdminProblems extends FlagsAdminProblemHandlers {

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException ex) {
        return tooLarge(ex.getMessage(), ex.limit());
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLargeToBuffer(DataBufferLimitException ex) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "Request too large",
                "The request body is larger than the codecs buffer (spring.codec.max-in-memory-size): "
                        + ex.getMessage(),
                Map.of());
    }

    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException ex) {
        String retryAfter = Long.toString(ex.retryAfterSeconds());
        ProblemDetail problem = problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Change stream unavailable",
                        ex.getMessage(),
                        Map.of("retryAfter", ex.retryAfterSeconds()))
                .getBody();
        // Named, since the stream's mapping produces text/event-stream, which would frame the problem as an event.
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ProblemDetail> unsupported(UnsupportedMediaTypeStatusException ex) {
        return unsupportedMediaType(ex.getContentType());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> malformed(ServerWebInputException ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) { // cut off while a decoder read the body
                return tooLarge(tooLarge);
            }
            if (cause instanceof DataBufferLimitException limit) {
                return tooLargeToBuffer(limit);
            }
        }
        return malformed(ex.getReason());
    }
}
