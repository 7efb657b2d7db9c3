/**
 * Annotations that put methods behind flags, read by the Spring starter's aspects, and the
 * exception a disabled feature raises. Plain Java annotations: nothing here depends on Spring.
 */
@NullMarked
package dev.flags.annotation;

import org.jspecify.annotations.NullMarked;
