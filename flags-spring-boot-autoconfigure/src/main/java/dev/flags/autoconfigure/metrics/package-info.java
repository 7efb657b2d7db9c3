/** Auto-configuration of flags: metrics. */
@NullMarked
package dev.flags.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
