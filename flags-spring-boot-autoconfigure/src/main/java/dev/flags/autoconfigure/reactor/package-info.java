/** Carrying a unit of work's flag memo in the Reactor context, for reactive chains. */
@NullMarked
package dev.flags.autoconfigure.reactor;

import org.jspecify.annotations.NullMarked;
