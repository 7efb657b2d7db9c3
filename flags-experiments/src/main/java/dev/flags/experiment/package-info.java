/**
 * Experiments: flags marked with an {@code experiment} block record who was exposed to which
 * variant and who converted, hand those records to
 * {@link dev.flags.spi.ExperimentEventSink sinks} off the request thread, and compute per-variant
 * results with lift, confidence intervals and a sample-ratio-mismatch check.
 * Start with {@link dev.flags.experiment.Experiments#builder(dev.flags.InspectableFlagManager)}.
 */
@NullMarked
package dev.flags.experiment;

import org.jspecify.annotations.NullMarked;
