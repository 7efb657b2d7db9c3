package dev.flags.autoconfigure.admin;

import dev.flags.autoconfigure.PayloadHints;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of the admin API: the records its answers are written from (stored flags and
 * segments, the audit log, the actor, transitions, the stale-flag report). Requests are read as
 * maps and lists and need none.
 */
final class FlagsAdminRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        PayloadHints.registerRecords(hints, FlagsAdminApi.class);
    }
}
