/**
 * Test support: set flags on or off, to a variant or to a value for one test, with annotations
 * ({@link dev.flags.test.EnableFlag}, {@link dev.flags.test.DisableFlag},
 * {@link dev.flags.test.FlagVariant}, {@link dev.flags.test.FlagValue}) or with
 * {@link dev.flags.test.TestFlags}, and have them restored afterwards.
 */
@NullMarked
package dev.flags.test;

import org.jspecify.annotations.NullMarked;
