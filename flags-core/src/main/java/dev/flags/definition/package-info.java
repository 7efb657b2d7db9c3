/**
 * The flag definitions model, its reader for YAML and JSON, and validation.
 */
@NullMarked
package dev.flags.definition;

import org.jspecify.annotations.NullMarked;
