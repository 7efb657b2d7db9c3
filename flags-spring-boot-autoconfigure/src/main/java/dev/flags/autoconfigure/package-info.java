/**
 * Spring Boot auto-configuration for flags: the {@link dev.flags.FlagManager} bean from
 * {@code flags.*} properties, and the readable report of invalid definitions.
 */
@NullMarked
package dev.flags.autoconfigure;

import org.jspecify.annotations.NullMarked;
