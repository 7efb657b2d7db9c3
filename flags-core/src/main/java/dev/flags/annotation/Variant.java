package dev.flags.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Dispatches a call to the implementation of the variant a flag serves the current context, so an
 * A/B test needs no if/else.
 *
 * <p>On a method without {@link #variant()}, it marks the <em>control</em>: every call first
 * evaluates the flag, then runs the method of the same class annotated with the same flag and the
 * served variant, or the control itself when no method is annotated for that variant (or no variant
 * is served). Variant methods take the same parameter types as the control and return a compatible
 * type:
 *
 * <pre>{@code
 * @Variant("pricing")                                   // control, e.g. variant "standard"
 * public Price price(Cart cart) { ... }
 *
 * @Variant(value = "pricing", variant = "discount")
 * public Price discountPrice(Cart cart) { ... }
 * }</pre>
 *
 * <p>On a parameter of a web handler method, the parameter receives what the flag serves the
 * current request: a {@code String} parameter receives the variant name (or {@code null} when none
 * is served); a parameter of another type ({@code boolean}, {@code int}, {@code double},
 * {@code Map}, {@code Object}) receives the variant's value.
 *
 * <p>The Spring starter checks at startup that the flag exists and that every named variant is one
 * of the flag's variants.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface Variant {

    /**
     * The key of the flag that decides the variant.
     *
     * @return the flag key
     */
    String value();

    /**
     * On a method: the variant this method implements; empty marks the control method. On a
     * parameter: ignored.
     *
     * @return the variant name
     */
    String variant() default "";
}
