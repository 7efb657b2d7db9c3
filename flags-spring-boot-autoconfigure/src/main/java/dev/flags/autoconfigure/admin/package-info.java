/** Auto-configuration of flags: admin. */
@NullMarked
package dev.flags.autoconfigure.admin;

import org.jspecify.annotations.NullMarked;
