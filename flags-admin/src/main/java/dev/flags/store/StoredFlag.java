package dev.flags.store;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.FlagDefinition;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A flag as a store holds it: its definition with version and timestamps.
 *
 * @param definition the definition
 * @param version starts at 1 and grows by one with every write; use it for compare-and-set writes
 *     (and as the ETag of the admin API)
 * @param created when the flag was first written to the store
 * @param updated when it was last written
 * @param archived when its status became {@code archived}; {@code null} unless it is archived
 */
public record StoredFlag(
        FlagDefinition definition,
        long version,
        Instant created,
        Instant updated,
        @Nullable Instant archived) {

    /** Checks the components. */
    public StoredFlag {
        requireNonNull(definition, "definition");
        requireNonNull(created, "created");
        requireNonNull(updated, "updated");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but was " + version);
        }
    }

    /** The flag key. */
    public String key() {
        return definition.key();
    }
}
