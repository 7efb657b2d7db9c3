/** Auto-configuration of flags: WebFlux. */
@NullMarked
package dev.flags.autoconfigure.webflux;

import org.jspecify.annotations.NullMarked;
