/**
 * A small shop showing flags in a Spring Boot application. Its flags' typed keys, {@code ShopFlags},
 * are generated from {@code flags.yml} at build time by flags-codegen.
 */
@NullMarked
@TypedFlags(definitions = "flags.yml", className = "ShopFlags")
package dev.flags.sample;

import dev.flags.annotation.TypedFlags;
import org.jspecify.annotations.NullMarked;
