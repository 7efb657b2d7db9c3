/** Auto-configuration of flags: experiments. */
@NullMarked
package dev.flags.autoconfigure.experiments;

import org.jspecify.annotations.NullMarked;
