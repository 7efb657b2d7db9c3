package dev.flags.autoconfigure.ofrep;

import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs an OFREP evaluation on WebFlux as the exchange's caller. Evaluation is synchronous and
 * reads who calls (the sensitive-flag guard) from Spring Security's thread-bound context, which
 * WebFlux does not fill: with Spring Security, {@link #SECURITY} binds the reactive context's
 * authentication to the thread for the evaluation only. Without it there is no caller to bind.
 */
@FunctionalInterface
interface ReactiveOfrepCaller {

    /** No security: the evaluation runs as it is. */
    ReactiveOfrepCaller DIRECT = new ReactiveOfrepCaller() {
        @Override
        public <T> Mono<T> run(Supplier<T> evaluation) {
            return Mono.fromSupplier(evaluation);
        }
    };

    /** Runs the evaluation as the caller, when it is subscribed to. */
    <T> Mono<T> run(Supplier<T> evaluation);
}
