package dev.flags.autoconfigure.web;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.annotation.Variant;
import dev.flags.autoconfigure.support.VariantArguments;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves handler parameters annotated {@link Variant}: a {@code String} receives the variant the
 * flag serves the current request, any other type the variant's value.
 */
final class VariantArgumentResolver implements HandlerMethodArgumentResolver {

    private final FlagManager flagManager;

    VariantArgumentResolver(FlagManager flagManager) {
        this.flagManager = flagManager;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Variant.class);
    }

    @Override
    public @Nullable Object resolveArgument(
            MethodParameter parameter,
            @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            @Nullable WebDataBinderFactory binderFactory) {
        // supportsParameter admitted only parameters that carry it
        Variant variant = requireNonNull(parameter.getParameterAnnotation(Variant.class), "@Variant");
        return VariantArguments.argument(flagManager.current().evaluate(variant.value()), parameter.getParameterType());
    }
}
