package dev.flags.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the typed-flags annotation processor (flags-codegen) to generate a class of typed keys from
 * a definitions file: one {@code dev.flags.FlagKey} constant per flag and, for each flag with
 * variants other than {@code on}/{@code off}, an enum of its variants. Put it on a
 * {@code package-info.java}; the class is generated in that package.
 *
 * <pre>{@code
 * @TypedFlags(definitions = "flags.yml", className = "AppFlags")
 * package com.example.shop;
 * }</pre>
 *
 * <p>The build fails, naming the file and the flag, when the file cannot be read or is not valid,
 * when a key or variant does not make a Java name, or when two make the same one. Where the class
 * is committed to the sources instead, the build fails when it does not match the definitions.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface TypedFlags {

    /**
     * The definitions file, a class path resource such as {@code flags.yml} (Maven copies
     * {@code src/main/resources} to the class path before compiling; Gradle users add the
     * resource directory with the processor option {@code flags.resources}).
     *
     * @return the resource path
     */
    String definitions() default "flags.yml";

    /**
     * The simple name of the generated class.
     *
     * @return the class name
     */
    String className() default "Flags";
}
