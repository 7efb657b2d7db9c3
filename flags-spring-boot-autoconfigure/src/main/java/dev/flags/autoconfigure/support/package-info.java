/**
 * Internal helpers shared by the servlet and reactive web integrations; not API, may change at any
 * time.
 */
@NullMarked
package dev.flags.autoconfigure.support;

import org.jspecify.annotations.NullMarked;
