package dev.flags.autoconfigure.web;

import dev.flags.annotation.FeatureDisabledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a request whose handler ended with {@link FeatureDisabledException} with the configured
 * status (404 by default). Runs after the application's own {@code @ExceptionHandler}s.
 */
final class FeatureDisabledExceptionResolver implements HandlerExceptionResolver {

    private final int status;

    FeatureDisabledExceptionResolver(int status) {
        this.status = status;
    }

    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception ex) {
        if (!(ex instanceof FeatureDisabledException)) {
            return null;
        }
        try {
            response.sendError(status);
        } catch (IOException e) {
            return null; // the response is gone; let the container deal with the original exception
        }
        return new ModelAndView();
    }
}
