/** Auto-configuration of flags: store. */
@NullMarked
package dev.flags.autoconfigure.store;

import org.jspecify.annotations.NullMarked;
