/**
 * Where definitions come from: the {@link dev.flags.source.FlagSource} SPI and built-in sources.
 */
@NullMarked
package dev.flags.source;

import org.jspecify.annotations.NullMarked;
