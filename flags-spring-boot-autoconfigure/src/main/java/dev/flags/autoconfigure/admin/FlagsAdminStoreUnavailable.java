package dev.flags.autoconfigure.admin;

import dev.flags.store.FlagStoreException;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers admin requests that the store could not serve (its database is down or failed) with 503
 * Problem Details and a {@code Retry-After} header: the store wrote nothing (each write is one
 * transaction), so the caller may send the same request again, with the same {@code If-Match}, once
 * the store is back. Evaluation meanwhile serves the last good snapshot.
 */
// Ahead of FlagsAdminProblems, which answers every other admin refusal.
@RestControllerAdvice(basePackageClasses = FlagsAdminStoreUnavailable.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class FlagsAdminStoreUnavailable {

    private static final Log logger = LogFactory.getLog(FlagsAdminStoreUnavailable.class);

    private final long retryAfterSeconds;

    /**
     * Creates the advice.
     *
     * @param retryAfter what {@code Retry-After} says, rounded up to whole seconds, at least 1
     */
    FlagsAdminStoreUnavailable(Duration retryAfter) {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        this.retryAfterSeconds = Math.max(1, seconds);
    }

    @ExceptionHandler(FlagStoreException.class)
    ResponseEntity<ProblemDetail> unavailable(FlagStoreException ex) {
        logger.warn("Admin request refused: the flag store is unavailable: " + ex.getMessage(), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The flag store cannot be reached; nothing was changed. Retry after " + retryAfterSeconds
                        + " second(s).");
        problem.setTitle("Store unavailable");
        problem.setProperty("retryAfter", retryAfterSeconds);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .body(problem);
    }
}
