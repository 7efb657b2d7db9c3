/**
 * What integrations implement, as opposed to what applications call: the
 * {@link dev.flags.spi.ExperimentEventSink} that receives experiment exposures and conversions.
 */
@NullMarked
package dev.flags.spi;

import org.jspecify.annotations.NullMarked;
