/**
 * flagd's flag definition format as a source of definitions, and a writer to it: {@link
 * dev.flags.flagd.Flagd}.
 */
@NullMarked
package dev.flags.flagd;

import org.jspecify.annotations.NullMarked;
