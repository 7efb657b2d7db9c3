/**
 * Durable, writable flag definitions: the {@link dev.flags.store.FlagStore} SPI with versioned
 * flags and segments, compare-and-set writes, an append-only change and audit log, and the
 * built-in in-memory and JDBC stores ({@link dev.flags.store.FlagStores}).
 */
@NullMarked
package dev.flags.store;

import org.jspecify.annotations.NullMarked;
