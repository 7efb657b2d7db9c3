package dev.flags.autoconfigure.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The admin API's refusals as Problem Details on Spring MVC, for the flag and segment API and the
 * experiment results view alike: {@link FlagsAdminProblemHandlers}' answers, and what Spring MVC
 * throws for a malformed request (400), a body not sent as JSON (415) and a body over the limit
 * (413, after reading and dropping the rest so that the client reads it).
 */
// By package: naming the results view here would load it, and its experiment types, without flags-experiments.
@RestControllerAdvice(basePackageClasses = FlagsAdminProblems.class)
final class FlagsAdminProblems extends FlagsAdminProblemHandlers {

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException ex, HttpServletRequest request) {
        UnreadBody.discard(request, ex.limit());
        return tooLarge(ex.getMessage(), ex.limit());
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
        return malformed(ex.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupported(HttpMediaTypeNotSupportedException ex) {
        return unsupportedMediaType(ex.getContentType());
    }
}
