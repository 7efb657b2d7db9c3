/**
 * Typed flags: {@link dev.flags.codegen.TypedFlagsProcessor}, the annotation processor that turns
 * {@link dev.flags.annotation.TypedFlags} and a definitions file into typed keys, and records the
 * flags the compiled code references.
 */
@NullMarked
package dev.flags.codegen;

import org.jspecify.annotations.NullMarked;
