/** Auto-configuration of flags: actuate. */
@NullMarked
package dev.flags.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
