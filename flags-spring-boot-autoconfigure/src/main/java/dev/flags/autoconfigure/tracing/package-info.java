/** Auto-configuration of flags: evaluations recorded on the current Micrometer Tracing span. */
@NullMarked
package dev.flags.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;
