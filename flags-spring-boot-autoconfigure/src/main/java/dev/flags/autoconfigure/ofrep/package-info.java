/**
 * Auto-configuration of the OFREP server: the plain-Java {@link dev.flags.ofrep.OfrepServer} bound to
 * Spring MVC under {@code flags.ofrep.base-path}, with the optional rate limit and change stream.
 */
@NullMarked
package dev.flags.autoconfigure.ofrep;

import org.jspecify.annotations.NullMarked;
