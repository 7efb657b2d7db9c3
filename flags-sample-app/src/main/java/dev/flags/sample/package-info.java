/** A small shop showing flags in a Spring Boot application. */
@NullMarked
package dev.flags.sample;

import org.jspecify.annotations.NullMarked;
