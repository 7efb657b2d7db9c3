package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves a value, read as the type the code asks for ("25.0" for a double) for each test of the annotated class, or for the annotated test; restored afterwards.
 * Registers {@link FlagsExtension}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(FlagValue.List.class)
@ExtendWith(FlagsExtension.class)
public @interface FlagValue {

    /**
     * The flag key.
     *
     * @return the flag key
     */
    String flag();

    /**
     * The value to serve.
     *
     * @return the value
     */
    String value();

    /** Holds repeated {@link FlagValue} annotations. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ExtendWith(FlagsExtension.class)
    @interface List {
        /**
         * The annotations.
         *
         * @return the annotations
         */
        FlagValue[] value();
    }
}
