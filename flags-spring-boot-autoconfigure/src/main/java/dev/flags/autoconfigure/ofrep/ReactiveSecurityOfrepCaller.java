package dev.flags.autoconfigure.ofrep;

import java.util.function.Supplier;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import reactor.core.publisher.Mono;

/**
 * The caller of the reactive Spring Security context, bound to the evaluating thread for the
 * evaluation only and unbound in {@code finally}, so no other exchange on that event-loop thread
 * ever sees it. Loaded only with Spring Security.
 */
final class ReactiveSecurityOfrepCaller implements ReactiveOfrepCaller {

    @Override
    public <T> Mono<T> run(Supplier<T> evaluation) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> as(context, evaluation))
                .switchIfEmpty(Mono.fromSupplier(evaluation));
    }

    private static <T> T as(SecurityContext context, Supplier<T> evaluation) {
        SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
        SecurityContext previous = holder.getContext();
        holder.setContext(context);
        try {
            return evaluation.get();
        } finally {
            if (previous.getAuthentication() == null) {
                holder.clearContext();
            } else {
                holder.setContext(previous);
            }
        }
    }
}
