/**
 * What backends implement for the engine, as opposed to what applications call: for now
 * {@link dev.flags.spi.ExperimentEventSink}, where experiment events go.
 */
@NullMarked
package dev.flags.spi;

import org.jspecify.annotations.NullMarked;
