/**
 * OpenFeature in both directions: {@link dev.flags.openfeature.FlagsProvider} serves this library's
 * flags to the OpenFeature SDK, and {@link dev.flags.openfeature.OpenFeatureFlagManager} runs the
 * {@link dev.flags.FlagManager} API over any OpenFeature provider.
 */
@NullMarked
package dev.flags.openfeature;

import org.jspecify.annotations.NullMarked;
