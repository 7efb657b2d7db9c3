package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a {@code @ParameterizedTest} once per variant of a flag, with that variant served while the
 * test method runs; the first parameter receives the variant, as its name ({@code String}) or as
 * the constant of the flag's generated variant enum (typed flags):
 *
 * <pre>{@code
 * @ParameterizedTest
 * @FlagVariantsSource("pricing")
 * void everyPriceIsPositive(String variant) { ... }
 *
 * @ParameterizedTest
 * @FlagVariantsSource("pricing")
 * void everyPriceIsPositive(AppFlags.Pricing variant) { ... }
 * }</pre>
 *
 * <p>The variants come from the parameter's enum when it is one; otherwise from
 * {@link #definitions()} when set; otherwise from the application context's flag definitions in a
 * Spring test. The test fails naming the method when none of these is there or the flag is not
 * defined. The variant is served from the test method's invocation on, not in {@code @BeforeEach}
 * methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ArgumentsSource(FlagVariantsProvider.class)
@ExtendWith(FlagsExtension.class)
public @interface FlagVariantsSource {

    /**
     * The flag key.
     *
     * @return the flag key
     */
    String value();

    /**
     * A definitions file on the test class path to read the variants from, for example
     * {@code flags.yml}; empty to take them from the parameter's enum or the Spring context.
     *
     * @return the resource path
     */
    String definitions() default "";
}
