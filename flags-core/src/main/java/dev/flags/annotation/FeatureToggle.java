package dev.flags.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a method only while a boolean flag is on for the current context.
 *
 * <p>When the flag is off, the body does not run. With a {@link #fallback()} the fallback method of
 * the same bean runs instead, with the same arguments; it must take the same parameter types and
 * return a compatible type. Without one, a web handler answers 404 (configurable) and any other bean
 * throws {@link FeatureDisabledException}; for methods returning {@code CompletionStage} or
 * {@code CompletableFuture} the exception completes the returned future instead.
 *
 * <p>On a type, applies to every public method of the bean; an annotation on a method wins. The
 * Spring starter checks every annotated method at startup (the flag exists and is boolean, the
 * fallback exists and fits) and fails naming the method when one does not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface FeatureToggle {

    /**
     * The key of the boolean flag that must be on.
     *
     * @return the flag key
     */
    String value();

    /**
     * The name of a method of the same class to run while the flag is off; empty for none.
     *
     * @return the fallback method's name
     */
    String fallback() default "";
}
