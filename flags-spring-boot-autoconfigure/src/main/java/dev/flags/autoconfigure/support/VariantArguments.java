package dev.flags.autoconfigure.support;

import dev.flags.EvaluationDetails;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code @Variant} handler parameter receives, on either web stack: a {@code String} the
 * variant, any other type the variant's value. Internal.
 */
public final class VariantArguments {

    private VariantArguments() {}

    /**
     * The argument for a parameter.
     *
     * @param details the flag's evaluation
     * @param type the parameter's type
     * @return the argument; a primitive parameter gets {@code false} or zero when there is no value
     */
    public static @Nullable Object argument(EvaluationDetails<Object> details, Class<?> type) {
        if (type == String.class) {
            return details.variant() != null || details.value() == null
                    ? details.variant()
                    : String.valueOf(details.value());
        }
        Object value = details.value();
        if (value == null && type.isPrimitive()) {
            return type == boolean.class ? Boolean.FALSE : type == double.class ? (Object) 0.0d : (Object) 0;
        }
        if (type == double.class || type == Double.class) {
            return value instanceof Number n ? n.doubleValue() : value;
        }
        return value;
    }
}
