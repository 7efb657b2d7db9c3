/**
 * Runtime management of flags without a deploy: the {@link dev.flags.admin.FlagAdmin} service
 * with permissions, a status state machine, optimistic concurrency, audit, seeding, cleanup and the
 * stale-flag report. Typed exceptions name what went wrong so that a REST layer maps them to
 * status codes (see {@link dev.flags.admin.FlagAdminException}).
 */
@NullMarked
package dev.flags.admin;

import org.jspecify.annotations.NullMarked;
