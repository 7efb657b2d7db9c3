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
 * Turns a boolean flag off for each test of the annotated class, or for the annotated test; restored
 * afterwards. Registers {@link FlagsExtension}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(DisableFlag.List.class)
@ExtendWith(FlagsExtension.class)
public @interface DisableFlag {

    /**
     * The flag key.
     *
     * @return the flag key
     */
    String value();

    /** Holds repeated {@link DisableFlag} annotations. */
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
        DisableFlag[] value();
    }
}
