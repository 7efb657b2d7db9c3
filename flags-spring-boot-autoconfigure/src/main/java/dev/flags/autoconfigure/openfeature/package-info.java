/** Auto-configuration of flags: openfeature. */
@NullMarked
package dev.flags.autoconfigure.openfeature;

import org.jspecify.annotations.NullMarked;
