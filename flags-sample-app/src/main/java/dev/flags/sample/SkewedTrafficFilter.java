package dev.flags.sample;

import dev.flags.EvaluationContext;
import dev.flags.experiment.Experiments;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Profile {@code skewed}: a deliberately broken setup that loses users of one variant before
 * their exposure is recorded, as a faulty cache or redirect in front of a page would. About 30%
 * of the customers the {@code pricing} experiment assigns to {@code discount} get a 503 from
 * {@code /price}, so fewer discount exposures are recorded than the 50/50 weights predict and the
 * sample-ratio check flags the experiment.
 */
@Component
@Profile("skewed")
@Order(Ordered.HIGHEST_PRECEDENCE)
class SkewedTrafficFilter extends OncePerRequestFilter {

    private final Experiments experiments;

    SkewedTrafficFilter(Experiments experiments) {
        this.experiments = experiments;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = request.getHeader("X-User-Id");
        if (request.getRequestURI().equals("/price")
                && user != null
                && Math.floorMod(user.hashCode(), 10) < 3
                && "discount"
                        .equals(experiments
                                .peek("pricing", EvaluationContext.of(user))
                                .variant())) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        chain.doFilter(request, response);
    }
}
