/**
 * Internal helpers shared by the engine's packages; not API, may change without notice.
 */
@NullMarked
package dev.flags.internal;

import org.jspecify.annotations.NullMarked;
