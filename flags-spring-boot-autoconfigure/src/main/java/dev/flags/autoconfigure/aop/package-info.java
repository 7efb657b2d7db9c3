/** Auto-configuration of flags: aop. */
@NullMarked
package dev.flags.autoconfigure.aop;

import org.jspecify.annotations.NullMarked;
