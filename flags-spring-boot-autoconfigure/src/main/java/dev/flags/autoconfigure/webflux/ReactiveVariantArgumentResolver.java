package dev.flags.autoconfigure.webflux;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.support.VariantArguments;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Resolves WebFlux handler parameters annotated {@link Variant}: a {@code String} receives the
 * variant the flag serves the exchange, any other type the variant's value. Evaluates with the
 * exchange's memo, so the handler and the code it calls agree.
 */
final class ReactiveVariantArgumentResolver implements HandlerMethodArgumentResolver {

    private final FlagManager flagManager;

    ReactiveVariantArgumentResolver(FlagManager flagManager) {
        this.flagManager = flagManager;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Variant.class);
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        // supportsParameter admitted only parameters that carry it
        Variant variant = requireNonNull(parameter.getParameterAnnotation(Variant.class), "@Variant");
        FlagMemo memo = exchange.getAttribute(FlagContextWebFilter.MEMO_ATTRIBUTE) instanceof FlagMemo m
                ? m
                : flagManager.current();
        return Mono.justOrEmpty(
                VariantArguments.argument(memo.evaluate(variant.value()), parameter.getParameterType()));
    }
}
