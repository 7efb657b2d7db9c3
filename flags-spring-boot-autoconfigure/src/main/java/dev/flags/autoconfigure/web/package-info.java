/** Auto-configuration of flags: web. */
@NullMarked
package dev.flags.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
