/** The web console: its page, assets and security headers, mounted where the admin API is. */
@NullMarked
package dev.flags.autoconfigure.console;

import org.jspecify.annotations.NullMarked;
